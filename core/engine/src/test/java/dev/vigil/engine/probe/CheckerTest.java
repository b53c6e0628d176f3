package dev.vigil.engine.probe;

import dev.vigil.engine.model.ProbeTarget;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.vigil.engine.probe.CheckResult.Fail;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What holds for every check: never throws, never blocks, bounded, abandonable. */
class CheckerTest {

    @TempDir
    Path dir;

    @Test
    void check_returnsAtOnce_evenForACheckThatHangs() throws Exception {
        try (Checker checker = new Checker()) {
            CompletableFuture<CheckResult> f = checker.check(new ProbeTarget.Exec(List.of("sleep", "100"), dir, Map.of()), Duration.ofSeconds(30));
            assertFalse(f.isDone());
            f.cancel(true);
        }
    }

    @Test
    void cancel_abandonsTheCheck_andKillsAnExecProbe() throws Exception {
        try (Checker checker = new Checker()) {
            Path pid = dir.resolve("pid");
            CompletableFuture<CheckResult> f = checker.check(
                    new ProbeTarget.Exec(List.of("sh", "-c", "echo $$ > pid.tmp; mv pid.tmp pid; exec sleep 100"), dir, Map.of()),
                    Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(pid));
            f.cancel(true);
            long p = Long.parseLong(Files.readString(pid).trim());
            await().atMost(Duration.ofSeconds(10)).until(() -> ExecCheckTest.gone(p));
        }
    }

    @Test
    void closedChecker_failsNewChecks_withoutThrowing() throws Exception {
        Checker checker = new Checker();
        checker.close();
        CheckResult r = checker.check(new ProbeTarget.Tcp("127.0.0.1", 9), Duration.ofSeconds(1)).get(5, TimeUnit.SECONDS);
        assertEquals(new Fail("checker is closed"), r);
    }

    @Test
    void nullArguments_areAFailedResult_notAThrow() throws Exception {
        try (Checker checker = new Checker()) {
            assertFalse(checker.check(null, Duration.ofSeconds(1)).get(5, TimeUnit.SECONDS).passed());
        }
    }

    @Test
    void format_readsLikeTheConfig() {
        assertEquals("1s", Checker.format(Duration.ofSeconds(1)));
        assertEquals("250ms", Checker.format(Duration.ofMillis(250)));
        assertEquals("1m30s", Checker.format(Duration.ofSeconds(90)));
    }
}
