package dev.vigil.engine.supervise;

import static org.junit.jupiter.api.Assertions.*;

import dev.vigil.engine.model.ServiceState;
import dev.vigil.engine.os.ProcessIdentity;
import dev.vigil.engine.supervise.Ledger.ChildRecord;
import dev.vigil.engine.supervise.Ledger.Memory;
import dev.vigil.engine.supervise.Ledger.ServiceRecord;
import dev.vigil.engine.supervise.Reattach.Plan;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReattachTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static ChildRecord child(String name, long pid, String hash) {
        return new ChildRecord("s", name, new ProcessIdentity(pid, pid * 10, "boot"), "t/s/" + name + "/1", null, hash, List.of(), T);
    }

    private static ServiceRecord record(ServiceState state, boolean ready, Instant nextStart) {
        return new ServiceRecord("s", state, "why", ready, 1, 1, List.of(T), null, nextStart);
    }

    private static Plan plan(Memory m, Long... alive) {
        Set<Long> live = Set.of(alive);
        return Reattach.plan("h", m, id -> live.contains(id.pid()));
    }

    @Test
    void allChildrenAlive_adopt_withNotifyReadinessFromTheRecord() {
        Memory m = new Memory(record(ServiceState.READY, true, null), List.of(child("a", 1, "h"), child("b", 2, "h")));
        Plan.Adopt a = assertInstanceOf(Plan.Adopt.class, plan(m, 1L, 2L));
        assertEquals(2, a.children().size());
        assertFalse(a.specChanged());
        assertTrue(a.notifyReady());
    }

    @Test
    void aChildGone_crashedWhileDown_naming_goneAndSurvivors() {
        Memory m = new Memory(record(ServiceState.READY, true, null), List.of(child("a", 1, "h"), child("b", 2, "h")));
        Plan.CrashedWhileDown c = assertInstanceOf(Plan.CrashedWhileDown.class, plan(m, 2L));
        assertEquals("a", c.gone().getFirst().child());
        assertEquals("b", c.survivors().getFirst().child());
    }

    @Test
    void otherSpecHash_isAdoptedButMarkedChanged() {
        Memory m = new Memory(null, List.of(child("main", 1, "old")));
        assertTrue(assertInstanceOf(Plan.Adopt.class, plan(m, 1L)).specChanged());
    }

    @Test
    void noChildren_crashedWithADeadline_resumesBackoff_failedStaysFailed_elseFresh() {
        assertInstanceOf(Plan.Backoff.class, plan(new Memory(record(ServiceState.CRASHED, false, T), List.of())));
        assertInstanceOf(Plan.Failed.class, plan(new Memory(record(ServiceState.FAILED, false, null), List.of())));
        assertInstanceOf(Plan.Fresh.class, plan(new Memory(record(ServiceState.OFFLINE, false, null), List.of())));
        assertInstanceOf(Plan.Fresh.class, plan(new Memory(record(ServiceState.READY, true, null), List.of())));
        assertInstanceOf(Plan.Fresh.class, plan(new Memory(null, List.of())));
    }
}
