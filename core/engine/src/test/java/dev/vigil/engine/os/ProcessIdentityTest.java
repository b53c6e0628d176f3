package dev.vigil.engine.os;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProcessIdentityTest {

    @Test
    void liveProcess_hasAnIdentityThatMatchesItself() throws Exception {
        Process p = new ProcessBuilder("sleep", "1000").start();
        try {
            ProcessIdentity id = ProcessIdentity.of(p.pid()).orElseThrow();
            assertEquals(p.pid(), id.pid());
            assertTrue(id.startTicks() > 0);
            assertEquals(ProcessIdentity.of(p.pid()), ProcessIdentity.of(p.pid()).map(i -> i));
            assertTrue(id.isAlive());
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void goneProcess_hasNoIdentityAndIsNotAlive() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor(10, TimeUnit.SECONDS);
        ProcessIdentity recorded = new ProcessIdentity(p.pid(), 1, ProcessIdentity.currentBootId());
        assertTrue(ProcessIdentity.of(p.pid()).isEmpty());
        assertFalse(recorded.isAlive());
    }

    @Test
    void reusedPid_withAnotherStartInstant_isNotTheSameProcess() {
        ProcessIdentity self = ProcessIdentity.of(ProcessHandle.current().pid()).orElseThrow();
        assertFalse(new ProcessIdentity(self.pid(), self.startTicks() + 1, self.bootId()).isAlive());
        assertFalse(new ProcessIdentity(self.pid(), self.startTicks(), "another-boot").isAlive());
        assertTrue(self.isAlive());
    }

    @Test
    void parse_countsFieldsAfterTheLastParenthesis() {
        String stat = "42 (a) b (c)) S 1 42 42 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10 18446744073709551615";
        assertEquals(987654, ProcessIdentity.parse(42, stat, "b").orElseThrow().startTicks());
        assertTrue(ProcessIdentity.parse(42, stat.replace(" S ", " Z "), "b").isEmpty());
        assertTrue(ProcessIdentity.parse(42, "garbage", "b").isEmpty());
    }
}
