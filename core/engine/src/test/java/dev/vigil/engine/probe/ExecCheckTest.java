package dev.vigil.engine.probe;

import dev.vigil.engine.model.ProbeTarget;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.vigil.engine.probe.CheckResult.Fail;
import dev.vigil.engine.probe.CheckResult.Pass;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** exec probes running real commands. */
class ExecCheckTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final Checker checker = new Checker();

    @AfterEach
    void close() {
        checker.close();
    }

    private CheckResult run(Duration timeout, Map<String, String> env, String... command) throws Exception {
        return checker.check(new ProbeTarget.Exec(List.of(command), dir, env), timeout).get(20, TimeUnit.SECONDS);
    }

    private CheckResult run(String... command) throws Exception {
        return run(TIMEOUT, Map.of(), command);
    }

    @Test
    void true_passes_false_fails() throws Exception {
        assertEquals(new Pass("exit 0"), run("true"));
        assertEquals(new Fail("exit 1"), run("false"));
    }

    @Test
    void exitCode_isNamed() throws Exception {
        assertEquals(new Fail("exit 2"), run("sh", "-c", "exit 2"));
    }

    @Test
    void deathBySignal_isNamed() throws Exception {
        assertEquals(new Fail("signal TERM"), run("sh", "-c", "kill -TERM $$"));
    }

    @Test
    void unknownCommand_saysSo() throws Exception {
        assertEquals(new Fail("no-such-command-vigil: command not found on PATH"), run("no-such-command-vigil"));
    }

    @Test
    void cwdAndEnv_areApplied() throws Exception {
        Files.writeString(dir.resolve("marker"), "x");
        assertTrue(run(TIMEOUT, Map.of("WANT", "yes"), "sh", "-c", "test -f marker && test \"$WANT\" = yes").passed());
        assertFalse(run(TIMEOUT, Map.of("WANT", "no"), "sh", "-c", "test \"$WANT\" = yes").passed());
    }

    @Test
    void missingCwd_failsWithoutRunning() throws Exception {
        Path gone = dir.resolve("gone");
        CheckResult r = checker.check(new ProbeTarget.Exec(List.of("true"), gone, Map.of()), TIMEOUT).get(20, TimeUnit.SECONDS);
        assertEquals(new Fail("cwd " + gone + ": no such directory"), r);
    }

    @Test
    void sleepPastTheTimeout_timesOut_andItsWholeProcessGroupIsGone() throws Exception {
        Path pids = dir.resolve("pids");
        // The shell records its own pid and its background child's, then waits: both must die at the timeout.
        CheckResult r = run(Duration.ofMillis(500), Map.of(),
                "sh", "-c", "sleep 100 & echo $$ $! > pids.tmp; mv pids.tmp pids; wait");
        assertEquals(new Fail("timed out after 500ms"), r);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(pids));
        for (String pid : Files.readString(pids).trim().split(" ")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> gone(Long.parseLong(pid)));
        }
    }

    @Test
    void plainSleep_timesOut_andIsKilled() throws Exception {
        String token = "100." + ProcessHandle.current().pid() + "1";
        assertEquals(new Fail("timed out after 300ms"), run(Duration.ofMillis(300), Map.of(), "sleep", token));
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains(token)).orElse(false))
                .allMatch(p -> gone(p.pid())));
    }

    /** Gone, or a zombie nobody reaped yet (killed, it cannot run again). */
    static boolean gone(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        } catch (IOException e) {
            return true; // no such process
        }
    }
}
