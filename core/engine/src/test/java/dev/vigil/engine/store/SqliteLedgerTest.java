package dev.vigil.engine.store;

import static org.junit.jupiter.api.Assertions.*;

import dev.vigil.engine.event.Event;
import dev.vigil.engine.model.ExitStatus;
import dev.vigil.engine.model.ServiceState;
import dev.vigil.engine.os.ProcessIdentity;
import dev.vigil.engine.supervise.Ledger;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteLedgerTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private static Ledger.ChildRecord child(String service, String child, long pid) {
        return new Ledger.ChildRecord(service, child, new ProcessIdentity(pid, 4242, "boot-1"), "tok/" + service + "/" + child + "/1",
                "/run/notify/" + service + ".sock", "abc", List.of("tcp://127.0.0.1:8080", "unix:///run/x.sock"), T);
    }

    @Test
    void whatIsWritten_isRecalledByTheNextVigil() {
        Path f = dir.resolve("vigil.db");
        try (Database db = Database.open(f); WriteBehind wb = new WriteBehind(db)) {
            SqliteLedger l = new SqliteLedger(db, wb, InstantSource.fixed(T));
            l.childUp(child("web", "main", 10));
            l.childUp(child("pair", "a", 11));
            l.childUp(child("pair", "b", 12));
            l.childGone("pair", "b", 12);
            l.childGone("pair", "a", 999); // another pid: a newer spawn stays recorded
            l.service(new Ledger.ServiceRecord("web", ServiceState.CRASHED, "exited with status 1", true, 3, 2,
                    List.of(T, T.plusSeconds(5)), T.minusSeconds(60), T.plusSeconds(9)));
            l.service(new Ledger.ServiceRecord("gone", ServiceState.READY, null, false, 0, 0, List.of(), null, null));
            l.forget("gone");
        }
        try (Database db = Database.open(f); WriteBehind wb = new WriteBehind(db)) {
            Map<String, Ledger.Memory> m = new SqliteLedger(db, wb, InstantSource.fixed(T)).recall();
            assertEquals(Map.of("web", 1, "pair", 1), Map.of("web", m.get("web").children().size(), "pair", m.get("pair").children().size()));
            assertFalse(m.containsKey("gone"));
            assertEquals(child("web", "main", 10), m.get("web").children().getFirst());
            assertEquals("a", m.get("pair").children().getFirst().child());
            assertNull(m.get("pair").service());
            Ledger.ServiceRecord r = m.get("web").service();
            assertEquals(new Ledger.ServiceRecord("web", ServiceState.CRASHED, "exited with status 1", true, 3, 2,
                    List.of(T, T.plusSeconds(5)), T.minusSeconds(60), T.plusSeconds(9)), r);
        }
    }

    @Test
    void journal_keepsTheLatestEvents_prunedInBatches() {
        try (Database db = Database.open(dir.resolve("vigil.db")); WriteBehind wb = new WriteBehind(db)) {
            Journal j = new Journal(wb, 100);
            for (int i = 1; i <= 1000; i++) {
                j.accept(new Event(i, T.plusMillis(i), "web", null, ServiceState.STARTING, ServiceState.CRASHED, "exited with status 1",
                        (long) i, new ExitStatus(1, 0)));
            }
            wb.flush().join();
            long[] counts = db.read(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*), min(seq), max(seq), max(exit_code) FROM events")) {
                    rs.next();
                    return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)};
                }
            });
            assertTrue(counts[0] >= 100 && counts[0] <= 110, "about 100 kept, pruned in batches: " + counts[0]);
            assertEquals(1000, counts[2]);
            assertEquals(1, counts[3]);
        }
    }

    @Test
    void store_opensTheFileInTheRuntimeFolder_andAnswers() {
        try (Store s = Store.open(dir)) {
            assertEquals(dir.resolve("vigil.db"), s.database().file());
            assertTrue(s.answers(java.time.Duration.ofSeconds(1)));
            s.ledger().service(new Ledger.ServiceRecord("x", ServiceState.READY, null, false, 0, 0, List.of(), null, null));
            assertTrue(s.flush(java.time.Duration.ofSeconds(5)));
            assertTrue(s.ledger().recall().containsKey("x"));
        }
    }
}
