package dev.vigil.shell;

import static org.junit.jupiter.api.Assertions.*;

import dev.vigil.api.json.Views;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenderTest {

    private static final Instant NOW = Instant.parse("2026-11-23T04:00:00Z");

    static Views.Service service(String name, String state, String reason) {
        return new Views.Service(name, state, 42L, List.of(new Views.Child("main", state, 42L)), "2026-11-23T03:59:50Z", 0, null, reason,
                null, "none", null, List.of());
    }

    @Test
    void table_withAWidth_cutsOnlyTheReason_toFitTheTerminal() {
        List<Views.Service> services = List.of(service("web", "READY", "running; no readiness source"), service("api", "READY", "ok"));
        String table = new Render(false, NOW).table(services, 50);
        for (String line : table.lines().toList()) assertTrue(line.length() <= 49, line + " is " + line.length() + " wide");
        assertTrue(table.contains("web   READY  42   10s    0         running; no r\u2026\n"), table);
        assertTrue(table.contains("api   READY  42   10s    0         ok\n"), table);
    }

    @Test
    void table_withoutAWidth_keepsWholeLines() {
        String reason = "x".repeat(300);
        String table = new Render(false, NOW).table(List.of(service("web", "CRASHED", reason)), 0);
        assertTrue(table.contains(reason), table);
    }

    @Test
    void table_onAVeryNarrowTerminal_stillShowsTheStartOfTheReason() {
        String table = new Render(false, NOW).table(List.of(service("web", "READY", "running; no readiness source")), 20);
        assertTrue(table.contains("running; n\u2026") || table.contains("running; no\u2026"), table);
    }

    @Test
    void states_areColored_onlyWhenAsked() {
        List<Views.Service> services = List.of(service("web", "CRASHED", "boom"), service("api", "READY", "ok"), service("w", "IDLE", ""));
        String colored = new Render(true, NOW).table(services, 0);
        assertTrue(colored.contains("\u001b[31mCRASHED"), colored);
        assertTrue(colored.contains("\u001b[32mREADY"), colored);
        assertTrue(colored.contains("\u001b[2mIDLE"), colored);
        assertFalse(new Render(false, NOW).table(services, 0).contains("\u001b["));
    }

    @Test
    void readyCount_countsWhatStartWaitsFor_andIsColoredByTheWorst() {
        Render plain = new Render(false, NOW);
        assertEquals("2/3 ready", plain.readyCount(List.of(service("a", "READY", ""), service("b", "COMPLETED", ""), service("c", "STARTING", ""))));
        Render color = new Render(true, NOW);
        assertEquals("\u001b[32m1/1 ready\u001b[0m", color.readyCount(List.of(service("a", "READY", ""))));
        assertEquals("\u001b[33m0/1 ready\u001b[0m", color.readyCount(List.of(service("a", "WARMING", ""))));
        assertEquals("\u001b[31m1/2 ready\u001b[0m", color.readyCount(List.of(service("a", "READY", ""), service("b", "FAILED", ""))));
    }
}
