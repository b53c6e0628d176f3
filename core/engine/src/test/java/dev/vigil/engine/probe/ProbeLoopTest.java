package dev.vigil.engine.probe;

import dev.vigil.engine.model.ProbeSpec;

import dev.vigil.engine.model.ProbeTarget;

import dev.vigil.engine.model.ProbeRole;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.vigil.engine.probe.CheckResult.Fail;
import dev.vigil.engine.probe.CheckResult.Pass;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Scheduling and verdicts, driven by a fake clock and checks completed by hand. */
class ProbeLoopTest {

    private static final Duration INTERVAL = Duration.ofSeconds(5);
    private static final CheckResult PASS = new Pass("HTTP 200");
    private static final CheckResult FAIL = new Fail("HTTP 503 (wanted 200-399)");

    private final FakeScheduler clock = new FakeScheduler();
    private final List<CompletableFuture<CheckResult>> checks = new CopyOnWriteArrayList<>();
    private final List<Verdict> verdicts = new CopyOnWriteArrayList<>();

    private static ProbeSpec spec(ProbeRole role, int success, int failure) {
        return new ProbeSpec(role, ProbeTarget.Http.get("http://127.0.0.1:8080/health"), INTERVAL, Duration.ofSeconds(1), success, failure);
    }

    private ProbeLoop loop(ProbeSpec spec) {
        return new ProbeLoop(spec, (target, timeout) -> {
            CompletableFuture<CheckResult> f = new CompletableFuture<>();
            checks.add(f);
            return f;
        }, clock, verdicts::add);
    }

    /** Runs the due timer and completes the check it started. */
    private void step(CheckResult r) {
        int before = checks.size();
        clock.advance(clock.pending().isEmpty() ? Duration.ZERO : clock.pending().getFirst());
        assertEquals(before + 1, checks.size(), "one new check");
        checks.getLast().complete(r);
    }

    @Test
    void start_checksAtOnce_thenIntervalAfterEachCompletion() {
        ProbeLoop loop = loop(spec(ProbeRole.READINESS, 1, 3));
        loop.start();
        assertEquals(List.of(Duration.ZERO), clock.pending());
        clock.advance(Duration.ZERO);
        assertEquals(1, checks.size());
        assertEquals(List.of(), clock.pending(), "nothing is scheduled while a check runs");
        checks.getFirst().complete(PASS);
        assertEquals(List.of(INTERVAL), clock.pending());
        clock.advance(INTERVAL.minusMillis(1));
        assertEquals(1, checks.size());
        clock.advance(Duration.ofMillis(1));
        assertEquals(2, checks.size());
    }

    @Test
    void slowCheck_neverOverlapsTheNext() {
        ProbeLoop loop = loop(spec(ProbeRole.READINESS, 1, 3));
        loop.start();
        clock.advance(Duration.ZERO);
        clock.advance(INTERVAL.multipliedBy(10));
        assertEquals(1, checks.size(), "a check still running holds the next one back");
        clock.advance(Duration.ofMillis(300));
        checks.getFirst().complete(FAIL);
        clock.advance(INTERVAL);
        assertEquals(2, checks.size());
    }

    @Test
    void verdicts_areDeliveredOnlyOnFlips_withThresholds() {
        ProbeLoop loop = loop(spec(ProbeRole.LIVENESS, 2, 3));
        loop.start();
        step(PASS);
        assertEquals(List.of(), verdicts);
        step(PASS);
        assertEquals(List.of(new Verdict(ProbeRole.LIVENESS, true, PASS, 2)), verdicts);
        step(PASS);
        step(FAIL);
        step(FAIL);
        assertEquals(1, verdicts.size());
        step(FAIL);
        assertEquals(new Verdict(ProbeRole.LIVENESS, false, FAIL, 3), verdicts.getLast());
        step(FAIL);
        step(PASS);
        assertEquals(2, verdicts.size());
        step(PASS);
        assertEquals(new Verdict(ProbeRole.LIVENESS, true, PASS, 2), verdicts.getLast());
        assertEquals(PASS, loop.lastResult().orElseThrow());
    }

    @Test
    void stop_cancelsTheNextCheck_andIsIdempotent() {
        ProbeLoop loop = loop(spec(ProbeRole.READINESS, 1, 1));
        loop.start();
        step(PASS);
        loop.stop();
        loop.stop();
        assertEquals(List.of(), clock.pending());
        clock.advance(INTERVAL.multipliedBy(3));
        assertEquals(1, checks.size());
        assertThrows(IllegalStateException.class, loop::start);
    }

    @Test
    void stop_abandonsTheCheckInFlight_andNoVerdictFollows() {
        ProbeLoop loop = loop(spec(ProbeRole.READINESS, 1, 1));
        loop.start();
        clock.advance(Duration.ZERO);
        loop.stop();
        assertTrue(checks.getFirst().isCancelled());
        assertEquals(List.of(), verdicts);
    }

    @Test
    void checkStartedBeforeStop_thatCompletesAfterIt_deliversNothing() {
        List<CompletableFuture<CheckResult>> stubborn = new ArrayList<>();
        ProbeLoop loop = new ProbeLoop(spec(ProbeRole.READINESS, 1, 1), (target, timeout) -> {
            CompletableFuture<CheckResult> f = new CompletableFuture<>() {
                @Override
                public boolean cancel(boolean interrupt) {
                    return false; // a check that cannot be abandoned
                }
            };
            stubborn.add(f);
            return f;
        }, clock, verdicts::add);
        loop.start();
        clock.advance(Duration.ZERO);
        loop.stop();
        stubborn.getFirst().complete(PASS);
        assertEquals(List.of(), verdicts);
        assertEquals(List.of(), clock.pending());
    }

    @Test
    void start_twice_isAnError() {
        ProbeLoop loop = loop(spec(ProbeRole.READINESS, 1, 1));
        loop.start();
        assertThrows(IllegalStateException.class, loop::start);
    }

    @Test
    void handlerMayStopTheLoop_fromTheVerdictItself() {
        ProbeLoop[] self = new ProbeLoop[1];
        self[0] = new ProbeLoop(spec(ProbeRole.LIVENESS, 1, 1), (t, d) -> CompletableFuture.completedFuture(FAIL), clock, v -> {
            verdicts.add(v);
            self[0].stop();
        });
        self[0].start();
        clock.advance(Duration.ZERO);
        assertEquals(1, verdicts.size());
        assertEquals(List.of(), clock.pending());
    }

    @Test
    void handlerThatThrows_doesNotStopTheLoop() {
        ProbeLoop loop = new ProbeLoop(spec(ProbeRole.READINESS, 1, 1), (t, d) -> CompletableFuture.completedFuture(PASS), clock, v -> {
            throw new IllegalStateException("boom");
        });
        loop.start();
        clock.advance(Duration.ZERO);
        assertEquals(List.of(INTERVAL), clock.pending());
    }

    @Test
    void checkThatFailsExceptionally_orThrows_isAFailure() {
        ProbeLoop loop = new ProbeLoop(spec(ProbeRole.READINESS, 1, 1),
                (t, d) -> CompletableFuture.failedFuture(new java.io.IOException("Broken pipe")), clock, verdicts::add);
        loop.start();
        clock.advance(Duration.ZERO);
        assertEquals(new Verdict(ProbeRole.READINESS, false, new Fail("broken pipe"), 1), verdicts.getFirst());

        ProbeLoop throwing = new ProbeLoop(spec(ProbeRole.STARTUP, 1, 1), (t, d) -> {
            throw new IllegalStateException("Nope");
        }, clock, verdicts::add);
        throwing.start();
        clock.advance(Duration.ZERO);
        assertEquals(new Verdict(ProbeRole.STARTUP, false, new Fail("nope"), 1), verdicts.getLast());
    }

    @Test
    void verdict_isDeliveredOnTheCompletingThread() throws Exception {
        List<String> threads = new CopyOnWriteArrayList<>();
        ProbeLoop loop = new ProbeLoop(spec(ProbeRole.READINESS, 1, 1), (t, d) -> {
            CompletableFuture<CheckResult> f = new CompletableFuture<>();
            checks.add(f);
            return f;
        }, clock, v -> threads.add(Thread.currentThread().getName()));
        loop.start();
        clock.advance(Duration.ZERO);
        Thread completer = Thread.ofPlatform().name("completer").start(() -> checks.getFirst().complete(PASS));
        completer.join();
        assertEquals(List.of("completer"), threads);
    }

    @Test
    void withARealChecker_aTcpListenerComingAndGoing_flipsTheVerdict() throws Exception {
        ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
        ProbeSpec spec = new ProbeSpec(ProbeRole.READINESS, new ProbeTarget.Tcp("127.0.0.1", port), INTERVAL, Duration.ofSeconds(2), 1, 2);
        try (Checker checker = new Checker()) {
            ProbeLoop loop = new ProbeLoop(spec, checker, clock, verdicts::add);
            loop.start();
            clock.advance(Duration.ZERO);
            await().atMost(10, TimeUnit.SECONDS).until(() -> verdicts.size() == 1);
            assertTrue(verdicts.getFirst().passing());
            server.close();
            for (int i = 0; i < 2; i++) {
                await().atMost(10, TimeUnit.SECONDS).until(() -> !clock.pending().isEmpty());
                clock.advance(INTERVAL);
            }
            await().atMost(10, TimeUnit.SECONDS).until(() -> verdicts.size() == 2);
            assertEquals(new Verdict(ProbeRole.READINESS, false, new Fail("connection refused"), 2), verdicts.getLast());
            loop.stop();
        }
    }
}
