package dev.vigil.plugins.moonshine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.engine.spi.Probe;
import dev.vigil.engine.spi.ProbeResult;
import dev.vigil.plugins.moonshine.MoonshineServer.Phase;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MoonshineProbeTest {

    private static final String SMALL = "Systran/faster-whisper-small";
    private static final String MOONSHINE = "UsefulSensors/moonshine-base";
    private static final ProbeResult.Model HAL0_MODEL = new ProbeResult.Model("moonshine-small_streaming-en", "loaded", null);

    private final FakeClock clock = new FakeClock();
    private MoonshineServer server;

    @AfterEach
    void close() {
        if (server != null) server.close();
    }

    private Probe probe(MoonshineServer.Flavor flavor, String configured, Object... more) throws Exception {
        server = new MoonshineServer(flavor);
        Object[] kv = new Object[4 + more.length];
        kv[0] = "url";
        kv[1] = server.url().toString();
        kv[2] = "flavor";
        kv[3] = configured;
        System.arraycopy(more, 0, kv, 4, more.length);
        return new MoonshineProvider().create(MapConfig.of(kv), TestContext.of(clock));
    }

    private ProbeResult check(Probe p) throws Exception {
        return p.check(clock.deadline());
    }

    @Nested
    class Hal0 {

        @Test
        void refusedWhileLoading_thenReadyWithTheModelId() throws Exception {
            Probe p = probe(MoonshineServer.Flavor.HAL0, "hal0");
            assertEquals(new ProbeResult.Starting("loading before bind (refused)"), check(p));
            server.phase(Phase.UP);
            assertEquals(new ProbeResult.Ready(List.of(HAL0_MODEL), "model loaded: moonshine-small_streaming-en (arch small_streaming)"),
                    check(p));
            assertEquals(List.of("GET /health"), server.requests());
        }

        @Test
        void modelLoadedFalse_isWarmingUntilIdleAfterHasHeld_thenIdleForGood() throws Exception {
            Probe p = probe(MoonshineServer.Flavor.HAL0, "hal0");
            server.phase(Phase.NO_MODEL);
            assertEquals(new ProbeResult.Warming("model_loaded is false; idle once that holds for 3s", null), check(p));
            clock.advance(Duration.ofMillis(2999));
            assertInstanceOf(ProbeResult.Warming.class, check(p));
            clock.advance(Duration.ofMillis(1));
            assertEquals(new ProbeResult.Idle(
                    "up, no model loaded (hal0's moonshine_server.py never retries a failed load; restart to retry)", List.of()),
                    check(p));
            clock.advance(Duration.ofMinutes(5));
            assertInstanceOf(ProbeResult.Idle.class, check(p));
        }

        @Test
        void aModelAppearingInsideTheWindow_resetsIt() throws Exception {
            Probe p = probe(MoonshineServer.Flavor.HAL0, "hal0", "idle_after", "10s");
            server.phase(Phase.NO_MODEL);
            assertInstanceOf(ProbeResult.Warming.class, check(p));
            clock.advance(Duration.ofSeconds(9));
            server.phase(Phase.UP);
            assertInstanceOf(ProbeResult.Ready.class, check(p));
            server.phase(Phase.NO_MODEL);
            clock.advance(Duration.ofSeconds(1));
            assertInstanceOf(ProbeResult.Warming.class, check(p)); // 10 s since the first "no model", but the window restarted
            clock.advance(Duration.ofSeconds(9));
            assertInstanceOf(ProbeResult.Warming.class, check(p));
            clock.advance(Duration.ofSeconds(1));
            assertInstanceOf(ProbeResult.Idle.class, check(p));
        }

        @Test
        void aConfiguredModelItDoesNotServe_isIdleAfterTheWindow() throws Exception {
            Probe p = probe(MoonshineServer.Flavor.HAL0, "hal0", "model", "moonshine-tiny-en");
            server.phase(Phase.UP);
            assertEquals(new ProbeResult.Warming(
                    "serves moonshine-small_streaming-en (arch small_streaming), not the configured model moonshine-tiny-en; idle once that holds for 3s",
                    null), check(p));
            clock.advance(Duration.ofSeconds(3));
            assertEquals(new ProbeResult.Idle(
                    "up, serves moonshine-small_streaming-en (arch small_streaming), not the configured model moonshine-tiny-en (its model is chosen by --model_arch)",
                    List.of(HAL0_MODEL)), check(p));
        }

        @Test
        void health503AfterUp_isAStrike_notALoad() throws Exception {
            Probe p = probe(MoonshineServer.Flavor.HAL0, "hal0");
            server.phase(Phase.UP);
            assertInstanceOf(ProbeResult.Ready.class, check(p));
            server.phase(Phase.HEALTH_503);
            assertEquals(new ProbeResult.Failed(
                    "GET /health: HTTP 503: {\"detail\":\"Service Unavailable\"} after the server was up: hung or replaced", true), check(p));
            assertEquals(new ProbeResult.Warming("GET /health: HTTP 503: {\"detail\":\"Service Unavailable\"}", null),
                    p.adopt(clock.deadline())); // adoption has no history: not adoptable, not a strike
        }

        @Test
        void healthWithoutModelLoaded_isNotHal0() throws Exception {
            Probe p = probe(MoonshineServer.Flavor.SPEACHES, "hal0");
            server.phase(Phase.UP);
            assertEquals(new ProbeResult.Failed("GET /health has no model_loaded: not hal0's moonshine_server.py (flavor = \"hal0\")", true),
                    check(p));
        }
    }

    @Nested
    class Speaches {

        @Test
        void refused_thenNothingLoadedIsWarmingThenIdle_thenALoadedModelIsReady() throws Exception {
            Probe p = probe(MoonshineServer.Flavor.SPEACHES, "speaches");
            assertEquals(new ProbeResult.Starting("not listening yet (refused)"), check(p));

            server.phase(Phase.UP);
            assertEquals(new ProbeResult.Warming("/api/ps lists no model; idle once that holds for 3s", null), check(p));
            clock.advance(Duration.ofSeconds(3));
            assertEquals(new ProbeResult.Idle("up, no model loaded (speaches loads models on first use)", List.of()), check(p));

            server.load(SMALL);
            assertEquals(new ProbeResult.Ready(List.of(new ProbeResult.Model(SMALL, "loaded", null)), "loaded: " + SMALL), check(p));
            assertEquals(List.of("GET /health", "GET /api/ps"), server.requests().subList(0, 2)); // liveness, then what is loaded
        }

        @Test
        void theWantedModel_decides() throws Exception {
            Probe p = probe(MoonshineServer.Flavor.SPEACHES, "speaches", "model", MOONSHINE);
            server.phase(Phase.UP).load(SMALL);
            assertEquals(new ProbeResult.Warming("/api/ps does not list " + MOONSHINE + "; idle once that holds for 3s", null), check(p));
            clock.advance(Duration.ofSeconds(1));
            server.load(MOONSHINE);
            ProbeResult r = check(p);
            assertEquals(new ProbeResult.Ready(List.of(new ProbeResult.Model(SMALL, "loaded", null), new ProbeResult.Model(MOONSHINE, "loaded", null)),
                    "loaded: " + SMALL + ", " + MOONSHINE), r);

            server.unload(MOONSHINE);
            clock.advance(Duration.ofSeconds(1));
            assertInstanceOf(ProbeResult.Warming.class, check(p)); // the window starts again
            clock.advance(Duration.ofMillis(2999));
            assertInstanceOf(ProbeResult.Warming.class, check(p));
            clock.advance(Duration.ofMillis(1));
            assertEquals(new ProbeResult.Idle("up, " + MOONSHINE + " not loaded (speaches loads models on first use); loaded: " + SMALL,
                    List.of(new ProbeResult.Model(SMALL, "loaded", null))), check(p));
        }

        @Test
        void unavailableBeforeUp_isWarming() throws Exception {
            Probe p = probe(MoonshineServer.Flavor.SPEACHES, "speaches");
            server.phase(Phase.UNAVAILABLE);
            assertEquals(new ProbeResult.Warming("GET /health: HTTP 503: {\"detail\":\"Service Unavailable\"}", null), check(p));
            server.phase(Phase.UP).load(SMALL);
            assertInstanceOf(ProbeResult.Ready.class, check(p));
        }

        @Test
        void health503AfterUp_isAStrike_andBreaksTheWindow() throws Exception {
            Probe p = probe(MoonshineServer.Flavor.SPEACHES, "speaches");
            server.phase(Phase.UP);
            assertInstanceOf(ProbeResult.Warming.class, check(p));
            clock.advance(Duration.ofSeconds(2));
            server.phase(Phase.HEALTH_503);
            assertEquals(new ProbeResult.Failed("GET /health: HTTP 503: Service Unavailable after the server was up: hung or replaced", true),
                    check(p));
            server.phase(Phase.UP);
            clock.advance(Duration.ofSeconds(2));
            assertInstanceOf(ProbeResult.Warming.class, check(p));
            clock.advance(Duration.ofSeconds(3));
            assertInstanceOf(ProbeResult.Idle.class, check(p));
        }

        @Test
        void apiKey_isSentAsBearer_andAWrongOneFailsWithoutShowingIt() throws Exception {
            Probe p = probe(MoonshineServer.Flavor.SPEACHES, "speaches", "api_key", "sk-right", "idle_after", "0s");
            server.phase(Phase.UP).apiKey("sk-right");
            assertInstanceOf(ProbeResult.Idle.class, check(p));
            assertEquals("Bearer sk-right", server.lastAuthorization());

            server.close();
            p = probe(MoonshineServer.Flavor.SPEACHES, "speaches", "api_key", "sk-wrong");
            server.phase(Phase.UP).apiKey("sk-right");
            ProbeResult r = check(p);
            assertEquals(new ProbeResult.Failed("GET /api/ps: HTTP 403: the API key is wrong (api_key)", true), r);
            assertFalse(r.detail().contains("sk-"));

            server.close();
            p = probe(MoonshineServer.Flavor.SPEACHES, "speaches");
            server.phase(Phase.UP).apiKey("sk-right");
            assertEquals(new ProbeResult.Failed("GET /api/ps: HTTP 403: the API key is missing (set api_key)", true), check(p));
            assertNull(server.lastAuthorization());
        }

        @Test
        void aServerWithoutApiPs_isReadyOnLiveness() throws Exception {
            Probe p = probe(MoonshineServer.Flavor.SPEACHES, "speaches", "model", SMALL);
            server.phase(Phase.UP).withoutPs();
            assertEquals(new ProbeResult.Ready(List.of(), "up (liveness only: no /api/ps); cannot see whether " + SMALL + " is loaded"),
                    check(p));
            assertEquals(List.of("GET /health", "GET /api/ps"), server.requests());
        }

        @Test
        void broken_andHang_areDefinitiveFailures() throws Exception {
            Probe p = probe(MoonshineServer.Flavor.SPEACHES, "speaches", "request_timeout", "200ms");
            server.phase(Phase.BROKEN);
            assertEquals(new ProbeResult.Failed("GET /health: HTTP 500: {\"detail\":\"Internal server error\"}", true), check(p));
            server.phase(Phase.HANG);
            assertEquals(new ProbeResult.Failed("GET /health: no answer within 200ms", true), check(p));
        }
    }

    @Nested
    class AutoFlavor {

        @Test
        void hal0_isRecognisedByModelLoaded_fromOneGet() throws Exception {
            Probe p = probe(MoonshineServer.Flavor.HAL0, "auto");
            assertEquals(new ProbeResult.Starting("loading before bind (refused)"), check(p));
            server.phase(Phase.UP);
            assertEquals(List.of(HAL0_MODEL), ((ProbeResult.Ready) check(p)).models());
            assertEquals(List.of("GET /health"), server.requests());
        }

        @Test
        void speaches_isRecognisedByAPlainHealth_andApiPsTells() throws Exception {
            Probe p = probe(MoonshineServer.Flavor.SPEACHES, "auto");
            server.phase(Phase.UP).load(SMALL);
            assertEquals(new ProbeResult.Ready(List.of(new ProbeResult.Model(SMALL, "loaded", null)), "loaded: " + SMALL), check(p));
            assertEquals(List.of("GET /health", "GET /api/ps"), server.requests());
        }

        @Test
        void afterARefusal_detectsAgain() throws Exception {
            Probe p = probe(MoonshineServer.Flavor.SPEACHES, "auto");
            server.phase(Phase.UP);
            check(p);
            server.phase(Phase.DOWN);
            assertInstanceOf(ProbeResult.Starting.class, check(p));
            server.phase(Phase.UP);
            server.clearRequests();
            check(p);
            assertEquals("GET /health", server.requests().getFirst());
        }

        @Test
        void anUnreadableApiPs_isADefinitiveFailure() throws Exception {
            Probe p = probe(MoonshineServer.Flavor.SPEACHES, "auto");
            server.phase(Phase.UP).load("bad\"id");
            ProbeResult r = check(p);
            assertInstanceOf(ProbeResult.Failed.class, r);
            assertTrue(r.detail().startsWith("GET /api/ps: not a {\"models\":[...]} answer"), r.detail());
        }
    }

    @Nested
    class Adopt {

        @Test
        void hal0WithoutModel_isIdleAtOnce_fromOneGet() throws Exception {
            Probe p = probe(MoonshineServer.Flavor.HAL0, "hal0");
            server.phase(Phase.NO_MODEL);
            assertInstanceOf(ProbeResult.Idle.class, p.adopt(clock.deadline()));
            assertEquals(List.of("GET /health"), server.requests());
        }

        @Test
        void speaches_isIdleOrReady_fromHealthAndApiPs() throws Exception {
            Probe p = probe(MoonshineServer.Flavor.SPEACHES, "speaches");
            server.phase(Phase.UP);
            assertEquals(new ProbeResult.Idle("up, no model loaded (speaches loads models on first use)", List.of()), p.adopt(clock.deadline()));
            server.load(SMALL);
            assertInstanceOf(ProbeResult.Ready.class, p.adopt(clock.deadline()));
            assertEquals(List.of("GET /health", "GET /api/ps", "GET /health", "GET /api/ps"), server.requests());
        }

        @Test
        void nothingListening_isNotAdoptable() throws Exception {
            Probe p = probe(MoonshineServer.Flavor.HAL0, "auto");
            assertEquals(new ProbeResult.Starting("loading before bind (refused)"), p.adopt(clock.deadline()));
        }

        @Test
        void neverTranscribes() throws Exception {
            for (MoonshineServer.Flavor f : MoonshineServer.Flavor.values()) {
                Probe p = probe(f, "auto");
                server.phase(Phase.UP);
                p.adopt(clock.deadline());
                check(p);
                assertTrue(server.requests().stream().allMatch(r -> r.startsWith("GET ") && !r.contains("transcriptions")),
                        server.requests().toString());
                server.close();
            }
        }
    }

    @Test
    void anExit_hasNoKnownMeaning_butStartsAFreshIdleWindow() throws Exception {
        Probe p = probe(MoonshineServer.Flavor.HAL0, "hal0");
        server.phase(Phase.NO_MODEL);
        assertInstanceOf(ProbeResult.Warming.class, check(p));
        clock.advance(Duration.ofSeconds(2));
        assertEquals(Optional.empty(), p.explainExit(new Probe.ExitInfo(1, 0, null)));
        clock.advance(Duration.ofSeconds(2));
        assertInstanceOf(ProbeResult.Warming.class, check(p));
    }

    @Test
    void deadline_cutsTheRequestTimeout_andNoTimeLeftIsInconclusive() throws Exception {
        Probe p = probe(MoonshineServer.Flavor.HAL0, "hal0", "request_timeout", "30s");
        server.phase(Phase.HANG);
        long start = System.nanoTime();
        ProbeResult r = p.check(clock.instant().plusMillis(300));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0);
        assertInstanceOf(ProbeResult.Failed.class, r);
        assertTrue(((ProbeResult.Failed) r).definitive());
        assertEquals(new ProbeResult.Failed("no time left before the check's deadline", false), p.check(clock.instant()));
    }

    @Test
    void anInterruptedCheck_stopsAtOnceAndRethrows() throws Exception {
        Probe p = probe(MoonshineServer.Flavor.SPEACHES, "speaches", "request_timeout", "60s");
        server.phase(Phase.HANG);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                p.check(clock.instant().plusSeconds(120));
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> !server.requests().isEmpty());
        t.interrupt();
        t.join(Duration.ofSeconds(10));
        assertFalse(t.isAlive());
        assertInstanceOf(InterruptedException.class, thrown.get());
    }
}
