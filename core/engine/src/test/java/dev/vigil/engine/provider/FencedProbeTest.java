package dev.vigil.engine.provider;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.engine.spi.Probe;
import dev.vigil.engine.spi.ProbeConfig;
import dev.vigil.engine.spi.ProbeConfigException;
import dev.vigil.engine.spi.ProbeContext;
import dev.vigil.engine.spi.ProbeProvider;
import dev.vigil.engine.spi.ProbeResult;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FencedProbeTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final ProbeResult READY = new ProbeResult.Ready(List.of(), "ok");
    private static final Duration SHORT = Duration.ofMillis(500);
    private static final Duration LONG = Duration.ofSeconds(10);

    private final ClassLoader pluginLoader = new URLClassLoader("fake-plugin", new URL[0], ClassLoader.getPlatformClassLoader());
    private final ProbeContext context = new SimpleProbeContext("svc", InstantSource.fixed(NOW), HttpClient.newHttpClient(), List.of());
    private final ProbeConfig config = new MapProbeConfig("fake", Map.of());
    private final CountDownLatch never = new CountDownLatch(1);
    private FencedProbe fenced;

    @AfterEach
    void close() {
        never.countDown();
        if (fenced != null) fenced.close();
    }

    private FencedProbe fence(Probe probe) throws ProbeConfigException {
        fenced = FencedProbe.create(provider(probe), config, context, pluginLoader, LONG);
        return fenced;
    }

    private static ProbeProvider provider(Probe probe) {
        return new ProbeProvider() {
            @Override
            public String kind() {
                return "fake";
            }

            @Override
            public Probe create(ProbeConfig config, ProbeContext context) {
                return probe;
            }
        };
    }

    private static ProbeResult get(CompletableFuture<ProbeResult> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    @Test
    void check_answersWhatTheProbeSays_withTheDeadlineOfItsTimeLimit() throws Exception {
        AtomicReference<Instant> deadline = new AtomicReference<>();
        FencedProbe probe = fence(d -> {
            deadline.set(d);
            return READY;
        });
        assertEquals(READY, get(probe.check(Duration.ofSeconds(2))));
        assertEquals(NOW.plusSeconds(2), deadline.get());
    }

    @Test
    void hangingCheck_isFailedTimedOut_itsThreadInterrupted_andTheNextCheckWorks() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AtomicBoolean interrupted = new AtomicBoolean();
        FencedProbe probe = fence(d -> {
            if (calls.incrementAndGet() == 1) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    interrupted.set(true);
                    throw e;
                }
            }
            return READY;
        });

        assertEquals(new ProbeResult.Failed("timed out after 500ms", false), get(probe.check(SHORT)));
        await().atMost(5, TimeUnit.SECONDS).untilTrue(interrupted);
        assertEquals(READY, get(probe.check(LONG)));
        assertEquals(2, calls.get());
    }

    @Test
    void aLateAnswer_isIgnored_andTheNextCheckWaitsForTheAbandonedThread() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        FencedProbe probe = fence(d -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                if (calls.incrementAndGet() == 1) {
                    // A plugin that swallows interrupts: the fence cannot stop it, only stop listening.
                    while (true) {
                        try {
                            release.await();
                            return new ProbeResult.Ready(List.of(), "late");
                        } catch (InterruptedException swallowed) {
                            // keep waiting
                        }
                    }
                }
                return READY;
            } finally {
                running.decrementAndGet();
            }
        });

        assertEquals(new ProbeResult.Failed("timed out after 500ms", false), get(probe.check(SHORT)));
        CompletableFuture<ProbeResult> second = probe.check(LONG);
        assertFalse(second.isDone(), "waits for the first check's thread");
        assertEquals(1, calls.get());
        release.countDown();
        assertEquals(READY, get(second));
        assertEquals(1, most.get(), "never two checks of one probe at once");
    }

    @Test
    void whileAnAbandonedThreadStaysStuck_oneCallWaits_andTheNextAnswerAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        FencedProbe probe = fence(d -> {
            if (calls.incrementAndGet() == 1) {
                while (release.getCount() > 0) {
                    try {
                        release.await();
                    } catch (InterruptedException swallowed) {
                        // keep waiting
                    }
                }
            }
            return READY;
        });
        ProbeResult timedOut = new ProbeResult.Failed("timed out after 500ms", false);

        assertEquals(timedOut, get(probe.check(SHORT)));
        assertEquals(timedOut, get(probe.check(SHORT)), "waited for the stuck thread, in vain");
        assertEquals(new ProbeResult.Failed(FencedProbe.STUCK, false), get(probe.check(LONG)));
        assertEquals(1, calls.get());

        release.countDown();
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertEquals(READY, get(probe.check(LONG))));
        assertEquals(2, calls.get());
    }

    @Test
    void cancellingTheFuture_interruptsTheCheck() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        FencedProbe probe = fence(d -> {
            entered.countDown();
            try {
                never.await();
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            }
            return READY;
        });
        CompletableFuture<ProbeResult> running = probe.check(LONG);
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        running.cancel(true);
        await().atMost(5, TimeUnit.SECONDS).untilTrue(interrupted);
    }

    @Test
    void aSecondCallWhileOneRuns_getsTheRunningOnesFuture() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        FencedProbe probe = fence(d -> {
            calls.incrementAndGet();
            entered.countDown();
            release.await();
            return READY;
        });

        CompletableFuture<ProbeResult> first = probe.check(LONG);
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        assertSame(first, probe.check(LONG));
        assertSame(first, probe.adopt(LONG));
        release.countDown();
        assertEquals(READY, get(first));
        assertEquals(1, calls.get());
    }

    @Test
    void runtimeException_isFailedDefinitive() throws Exception {
        FencedProbe probe = fence(d -> {
            throw new IllegalStateException("socket on fire");
        });
        assertEquals(new ProbeResult.Failed("IllegalStateException: socket on fire", true), get(probe.check(LONG)));
    }

    @Test
    void errors_areFailedDefinitive_andTheProbeStaysUsable() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        FencedProbe probe = fence(d -> switch (calls.incrementAndGet()) {
            case 1 -> throw new NoClassDefFoundError("org/slf4j/Logger");
            case 2 -> recurse(0);
            default -> READY;
        });
        assertEquals(new ProbeResult.Failed("NoClassDefFoundError: org/slf4j/Logger", true), get(probe.check(LONG)));
        assertEquals(new ProbeResult.Failed("StackOverflowError", true), get(probe.check(LONG)));
        assertEquals(READY, get(probe.check(LONG)));
    }

    private static ProbeResult recurse(int depth) {
        return depth < 0 ? READY : recurse(depth + 1);
    }

    @Test
    void checkedException_isFailedDefinitive() throws Exception {
        FencedProbe probe = fence(d -> {
            throw new java.io.IOException("connection reset");
        });
        assertEquals(new ProbeResult.Failed("IOException: connection reset", true), get(probe.check(LONG)));
    }

    @Test
    void nullResult_isFailedDefinitive() throws Exception {
        FencedProbe probe = fence(d -> null);
        assertEquals(new ProbeResult.Failed("probe returned null", true), get(probe.check(LONG)));
    }

    @Test
    void contextClassLoader_isThePluginsDuringCreateCheckAdoptAndExplain() throws Exception {
        AtomicReference<ClassLoader> atCreate = new AtomicReference<>();
        AtomicReference<ClassLoader> atCheck = new AtomicReference<>();
        AtomicReference<ClassLoader> atAdopt = new AtomicReference<>();
        AtomicReference<ClassLoader> atExplain = new AtomicReference<>();
        Probe probe = new Probe() {
            @Override
            public ProbeResult check(Instant deadline) {
                atCheck.set(Thread.currentThread().getContextClassLoader());
                return READY;
            }

            @Override
            public ProbeResult adopt(Instant deadline) {
                atAdopt.set(Thread.currentThread().getContextClassLoader());
                return new ProbeResult.Idle("no model", List.of());
            }

            @Override
            public Optional<String> explainExit(ExitInfo exit) {
                atExplain.set(Thread.currentThread().getContextClassLoader());
                return Optional.of("model load failed");
            }
        };
        ProbeProvider provider = new ProbeProvider() {
            @Override
            public String kind() {
                return "fake";
            }

            @Override
            public Probe create(ProbeConfig config, ProbeContext context) {
                atCreate.set(Thread.currentThread().getContextClassLoader());
                return probe;
            }
        };
        fenced = FencedProbe.create(provider, config, context, pluginLoader, LONG);

        assertEquals(READY, get(fenced.check(LONG)));
        assertEquals(new ProbeResult.Idle("no model", List.of()), get(fenced.adopt(LONG)));
        assertEquals(Optional.of("model load failed"), fenced.explainExit(new Probe.ExitInfo(1, 0, READY)));
        assertSame(pluginLoader, atCreate.get());
        assertSame(pluginLoader, atCheck.get());
        assertSame(pluginLoader, atAdopt.get());
        assertSame(pluginLoader, atExplain.get());
        assertFalse(Thread.currentThread().getContextClassLoader() == pluginLoader);
    }

    @Test
    void explainExit_thatThrows_isEmpty() throws Exception {
        FencedProbe probe = fence(new Probe() {
            @Override
            public ProbeResult check(Instant deadline) {
                return READY;
            }

            @Override
            public Optional<String> explainExit(ExitInfo exit) {
                throw new ExceptionInInitializerError("static init");
            }
        });
        assertEquals(Optional.empty(), probe.explainExit(new Probe.ExitInfo(1, 0, null)));
    }

    @Test
    void close_abandonsTheRunningCheck_closesTheProbe_andLaterChecksFail() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        AtomicBoolean closed = new AtomicBoolean();
        FencedProbe probe = fence(new Probe() {
            @Override
            public ProbeResult check(Instant deadline) throws InterruptedException {
                entered.countDown();
                never.await();
                return READY;
            }

            @Override
            public void close() {
                closed.set(true);
            }
        });
        CompletableFuture<ProbeResult> running = probe.check(LONG);
        assertTrue(entered.await(10, TimeUnit.SECONDS));

        probe.close();

        assertEquals(new ProbeResult.Failed("probe is closed", false), get(running));
        assertTrue(closed.get());
        assertEquals(new ProbeResult.Failed("probe is closed", false), get(probe.check(LONG)));
        assertEquals(Optional.empty(), probe.explainExit(new Probe.ExitInfo(0, 0, null)));
        probe.close(); // idempotent
    }

    @Test
    void close_thatThrows_isSwallowed() throws Exception {
        FencedProbe probe = fence(new Probe() {
            @Override
            public ProbeResult check(Instant deadline) {
                return READY;
            }

            @Override
            public void close() {
                throw new IllegalStateException("already closed");
            }
        });
        probe.close();
        assertEquals(new ProbeResult.Failed("probe is closed", false), get(probe.check(LONG)));
    }

    @Test
    void create_passesTheProvidersConfigErrorThrough() {
        ProbeProvider provider = new ProbeProvider() {
            @Override
            public String kind() {
                return "fake";
            }

            @Override
            public Probe create(ProbeConfig config, ProbeContext context) throws ProbeConfigException {
                throw new ProbeConfigException("url", "is required");
            }
        };
        var e = assertThrows(ProbeConfigException.class, () -> FencedProbe.create(provider, config, context, pluginLoader, LONG));
        assertEquals("url", e.key());
        assertEquals("is required", e.getMessage());
    }

    @Test
    void create_thatThrowsOtherwise_isAConfigErrorNamingTheKind() {
        var e = assertThrows(ProbeConfigException.class, () -> FencedProbe.create(throwing(new LinkageError("bad class")), config, context,
                pluginLoader, LONG));
        assertEquals(null, e.key());
        assertEquals("provider \"fake\" failed to create a probe: LinkageError: bad class", e.getMessage());
    }

    @Test
    void create_thatHangs_isAConfigErrorAtItsTimeLimit() {
        var e = assertThrows(ProbeConfigException.class, () -> FencedProbe.create(new ProbeProvider() {
            @Override
            public String kind() {
                return "fake";
            }

            @Override
            public Probe create(ProbeConfig config, ProbeContext context) {
                try {
                    never.await();
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
                return d -> READY;
            }
        }, config, context, pluginLoader, SHORT));
        assertEquals("provider \"fake\" did not create a probe within 500ms", e.getMessage());
    }

    @Test
    void create_thatReturnsNull_isAConfigError() {
        var e = assertThrows(ProbeConfigException.class, () -> FencedProbe.create(provider(null), config, context, pluginLoader, LONG));
        assertEquals("provider \"fake\" returned no probe", e.getMessage());
    }

    private static ProbeProvider throwing(Error error) {
        return new ProbeProvider() {
            @Override
            public String kind() {
                return "fake";
            }

            @Override
            public Probe create(ProbeConfig config, ProbeContext context) {
                throw error;
            }
        };
    }

    @Test
    void describe_leavesOutAMissingMessage() {
        assertEquals("StackOverflowError", FencedProbe.describe(new StackOverflowError()));
        assertEquals("IllegalStateException: x", FencedProbe.describe(new IllegalStateException("x")));
    }

    @Test
    void act_isFenced_aThrowAndATimeLimitAreFailedResults_andAPluginWithoutActionsHasNone() throws Exception {
        Probe withActions = new Probe() {
            @Override
            public ProbeResult check(Instant deadline) {
                return READY;
            }

            @Override
            public java.util.Set<String> actions() {
                return java.util.Set.of("load", "hang", "boom");
            }

            @Override
            public dev.vigil.engine.spi.ActionResult act(String action, Map<String, String> params, Instant deadline) throws Exception {
                return switch (action) {
                    case "load" -> new dev.vigil.engine.spi.ActionResult.Done("loaded " + params.get("model") + " with "
                            + Thread.currentThread().getContextClassLoader().getName());
                    case "hang" -> {
                        never.await();
                        yield null;
                    }
                    default -> throw new IllegalStateException("boom");
                };
            }
        };
        FencedProbe f = fence(withActions);
        assertEquals(java.util.Set.of("load", "hang", "boom"), f.actions());
        assertEquals(new dev.vigil.engine.spi.ActionResult.Done("loaded qwen with fake-plugin"), f.act("load", Map.of("model", "qwen"), LONG).get());
        assertEquals(new dev.vigil.engine.spi.ActionResult.Failed("hang did not finish within 500ms"), f.act("hang", Map.of(), SHORT).get());
        assertEquals(new dev.vigil.engine.spi.ActionResult.Failed("IllegalStateException: boom"), f.act("boom", Map.of(), LONG).get());
        f.close();
        FencedProbe plain = fence(deadline -> READY);
        assertEquals(java.util.Set.of(), plain.actions());
        assertEquals(new dev.vigil.engine.spi.ActionResult.Failed("this provider has no action \"load\""), plain.act("load", Map.of(), LONG).get());
    }
}
