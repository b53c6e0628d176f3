package dev.vigil.plugins.kokoro;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.engine.spi.Probe;
import dev.vigil.engine.spi.ProbeResult;
import dev.vigil.plugins.kokoro.KokoroServer.Phase;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class KokoroProbeTest {

    private final FakeClock clock = new FakeClock();
    private KokoroServer server;

    @AfterEach
    void close() {
        if (server != null) server.close();
    }

    private Probe probe(KokoroServer.Flavor flavor, String configured, Object... more) throws Exception {
        server = new KokoroServer(flavor);
        Object[] kv = new Object[4 + more.length];
        kv[0] = "url";
        kv[1] = server.url().toString();
        kv[2] = "flavor";
        kv[3] = configured;
        System.arraycopy(more, 0, kv, 4, more.length);
        return new KokoroProvider().create(MapConfig.of(kv), TestContext.of(clock));
    }

    private ProbeResult check(Probe p) throws Exception {
        return p.check(clock.deadline());
    }

    @Test
    void hal0_refusedWhileLoading_thenReadyWithDefaultVoiceAndVoiceCount() throws Exception {
        Probe p = probe(KokoroServer.Flavor.HAL0, "hal0");

        assertEquals(new ProbeResult.Starting("loading before bind (refused)"), check(p));

        server.phase(Phase.READY);
        ProbeResult r = check(p);
        assertInstanceOf(ProbeResult.Ready.class, r);
        ProbeResult.Ready ready = (ProbeResult.Ready) r;
        assertEquals(List.of(new ProbeResult.Model("kokoro", "loaded", null)), ready.models());
        assertEquals("model loaded; default voice af_bella; 2 voices", ready.detail());
        assertEquals(List.of("GET /health", "GET /v1/audio/voices"), server.requests());
    }

    @Test
    void hal0_modelLoadedFalse_isWarmingUntilIdleAfterHasHeld() throws Exception {
        Probe p = probe(KokoroServer.Flavor.HAL0, "hal0");
        server.phase(Phase.NO_MODEL);

        assertEquals(new ProbeResult.Warming("model_loaded is false; idle once that holds for 3s", null), check(p));
        clock.advance(Duration.ofMillis(2999));
        assertInstanceOf(ProbeResult.Warming.class, check(p));
        clock.advance(Duration.ofMillis(1));
        assertEquals(new ProbeResult.Idle(
                "up, no model loaded (hal0's kokoro_server.py never retries a failed load; restart to retry)", List.of()), check(p));
        clock.advance(Duration.ofSeconds(10));
        assertInstanceOf(ProbeResult.Idle.class, check(p));
    }

    @Test
    void hal0_modelAppearingInsideTheWindow_resetsIt() throws Exception {
        Probe p = probe(KokoroServer.Flavor.HAL0, "hal0");
        server.phase(Phase.NO_MODEL);
        assertInstanceOf(ProbeResult.Warming.class, check(p)); // t = 0: window opens

        clock.advance(Duration.ofSeconds(2));
        server.phase(Phase.READY);
        assertInstanceOf(ProbeResult.Ready.class, check(p)); // t = 2

        clock.advance(Duration.ofMillis(500));
        server.phase(Phase.NO_MODEL);
        assertInstanceOf(ProbeResult.Warming.class, check(p)); // t = 2.5: a new window
        clock.advance(Duration.ofMillis(2500));
        assertInstanceOf(ProbeResult.Warming.class, check(p)); // t = 5: 2.5 s held, not 3
        clock.advance(Duration.ofMillis(500));
        assertInstanceOf(ProbeResult.Idle.class, check(p)); // t = 5.5
    }

    @Test
    void refusedInsideTheWindow_resetsIt() throws Exception {
        Probe p = probe(KokoroServer.Flavor.HAL0, "hal0");
        server.phase(Phase.NO_MODEL);
        assertInstanceOf(ProbeResult.Warming.class, check(p));
        clock.advance(Duration.ofSeconds(2));
        server.phase(Phase.LOADING);
        assertInstanceOf(ProbeResult.Starting.class, check(p));
        clock.advance(Duration.ofSeconds(2));
        server.phase(Phase.NO_MODEL);
        assertInstanceOf(ProbeResult.Warming.class, check(p));
        clock.advance(Duration.ofMillis(2999));
        assertInstanceOf(ProbeResult.Warming.class, check(p));
        clock.advance(Duration.ofMillis(1));
        assertInstanceOf(ProbeResult.Idle.class, check(p));
    }

    @Test
    void idleAfter_isConfigurable() throws Exception {
        Probe p = probe(KokoroServer.Flavor.HAL0, "hal0", "idle_after", "0s");
        server.phase(Phase.NO_MODEL);
        assertInstanceOf(ProbeResult.Idle.class, check(p));
    }

    @Test
    void fastapi_refusedDuringLoadAndWarmup_thenHealthyIsReady_voicesFetchedOncePerStretch() throws Exception {
        Probe p = probe(KokoroServer.Flavor.FASTAPI, "fastapi");
        assertEquals(new ProbeResult.Starting("loading before bind (refused)"), check(p));

        server.phase(Phase.READY);
        assertEquals(new ProbeResult.Ready(
                List.of(new ProbeResult.Model("kokoro", "loaded", null)), "healthy: model loaded and warmed up; 3 voices"), check(p));
        assertInstanceOf(ProbeResult.Ready.class, check(p));
        assertEquals(List.of("GET /health", "GET /v1/audio/voices", "GET /health"), server.requests());
    }

    @Test
    void fastapi_afterDevUnload_healthStaysHealthy_soItStaysReady() throws Exception {
        // PROVIDERS.md §0: idle only after POST /dev/unload, and /health still says healthy (§6.5: n/a).
        Probe p = probe(KokoroServer.Flavor.FASTAPI, "fastapi");
        server.phase(Phase.NO_MODEL);
        assertInstanceOf(ProbeResult.Ready.class, check(p));
    }

    @Test
    void kokoros_rootOkIsReady_andHealthIsNeverAsked() throws Exception {
        Probe p = probe(KokoroServer.Flavor.KOKOROS, "kokoros");
        assertInstanceOf(ProbeResult.Starting.class, check(p));
        server.phase(Phase.READY);
        ProbeResult r = check(p);
        assertEquals(new ProbeResult.Ready(List.of(new ProbeResult.Model("kokoro", "loaded", null)),
                "up: GET / answers (Kokoros binds after loading); 4 voices"), r);
        assertEquals(List.of("GET /", "GET /v1/audio/voices"), server.requests());
    }

    @Test
    void explicitFlavor_thatDoesNotMatchTheServer_isADefinitiveFailureSayingSo() throws Exception {
        Probe p = probe(KokoroServer.Flavor.KOKOROS, "fastapi");
        server.phase(Phase.READY);
        assertEquals(new ProbeResult.Failed(
                "GET /health: HTTP 404 (Kokoro-FastAPI serves /health; Kokoros does not: flavor = \"kokoros\")", true), check(p));
    }

    @Test
    void hal0Flavor_withoutModelLoaded_isNotHal0() throws Exception {
        Probe p = probe(KokoroServer.Flavor.FASTAPI, "hal0");
        server.phase(Phase.READY);
        assertEquals(new ProbeResult.Failed(
                "GET /health has no model_loaded: not hal0's kokoro_server.py (flavor = \"hal0\")", true), check(p));
    }

    @Test
    void unavailableBeforeUp_isWarming_afterUp_isTheHealth503Hang() throws Exception {
        Probe p = probe(KokoroServer.Flavor.HAL0, "hal0");
        server.phase(Phase.UNAVAILABLE);
        assertEquals(new ProbeResult.Warming("GET /health: HTTP 503: {\"detail\":\"Service Unavailable\"}", null), check(p));
        server.phase(Phase.NO_MODEL);
        assertInstanceOf(ProbeResult.Warming.class, check(p));
        server.phase(Phase.UNAVAILABLE);
        assertEquals(new ProbeResult.Failed(
                "GET /health: HTTP 503: {\"detail\":\"Service Unavailable\"} after the server was up: hung or replaced", true), check(p));

        server.phase(Phase.LOADING); // a new spawn loads again
        assertInstanceOf(ProbeResult.Starting.class, check(p));
        server.phase(Phase.UNAVAILABLE);
        assertInstanceOf(ProbeResult.Warming.class, check(p));
    }

    @Test
    void kokoros_health503OnRoot_afterUp_isAStrike() throws Exception {
        Probe p = probe(KokoroServer.Flavor.KOKOROS, "kokoros");
        server.phase(Phase.READY);
        assertInstanceOf(ProbeResult.Ready.class, check(p));
        server.phase(Phase.UNAVAILABLE);
        ProbeResult r = check(p);
        assertInstanceOf(ProbeResult.Failed.class, r);
        assertTrue(((ProbeResult.Failed) r).definitive());
    }

    @Test
    void broken_andGarbled_areDefinitiveFailures() throws Exception {
        Probe p = probe(KokoroServer.Flavor.HAL0, "hal0");
        server.phase(Phase.BROKEN);
        assertEquals(new ProbeResult.Failed("GET /health: HTTP 500: {\"detail\":\"Internal Server Error\"}", true), check(p));
        server.phase(Phase.GARBLED);
        ProbeResult r = check(p);
        assertInstanceOf(ProbeResult.Failed.class, r);
        assertTrue(((ProbeResult.Failed) r).definitive());
        assertTrue(r.detail().startsWith("GET /health: not JSON"), r.detail());
    }

    @Test
    void hang_isADefinitiveFailureAfterRequestTimeout() throws Exception {
        // No Kokoro flavor exposes a busy state (PROVIDERS.md §2; §6.5: hang → error after N strikes).
        Probe p = probe(KokoroServer.Flavor.FASTAPI, "fastapi", "request_timeout", "200ms");
        server.phase(Phase.HANG);
        assertEquals(new ProbeResult.Failed("GET /health: no answer within 200ms", true), check(p));
    }

    @Test
    void hang_afterReady_breaksTheIdleWindowAndIsFollowedByAFreshVoiceFetch() throws Exception {
        Probe p = probe(KokoroServer.Flavor.HAL0, "hal0", "request_timeout", "200ms");
        server.phase(Phase.READY);
        assertInstanceOf(ProbeResult.Ready.class, check(p));
        server.phase(Phase.HANG);
        assertInstanceOf(ProbeResult.Failed.class, check(p));
        server.phase(Phase.READY);
        server.clearRequests();
        assertInstanceOf(ProbeResult.Ready.class, check(p));
        assertEquals(List.of("GET /health", "GET /v1/audio/voices"), server.requests());
    }

    @Test
    void deadline_cutsTheRequestTimeout_andNoTimeLeftIsInconclusive() throws Exception {
        Probe p = probe(KokoroServer.Flavor.FASTAPI, "fastapi", "request_timeout", "30s");
        server.phase(Phase.HANG);
        long start = System.nanoTime();
        ProbeResult r = p.check(clock.instant().plusMillis(300));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0);
        assertInstanceOf(ProbeResult.Failed.class, r);
        assertTrue(((ProbeResult.Failed) r).definitive());

        assertEquals(new ProbeResult.Failed("no time left before the check's deadline", false), p.check(clock.instant()));
    }

    @Test
    void neverSynthesizes() throws Exception {
        for (KokoroServer.Flavor f : KokoroServer.Flavor.values()) {
            Probe p = probe(f, "auto");
            server.phase(Phase.READY);
            check(p);
            check(p);
            p.adopt(clock.deadline());
            assertTrue(server.requests().stream().allMatch(r -> r.startsWith("GET ") && !r.contains("speech")), server.requests().toString());
            server.close();
        }
    }

    @Nested
    class AutoFlavor {

        @Test
        void hal0_isRecognisedByModelLoaded_andKeptAfterwards() throws Exception {
            Probe p = probe(KokoroServer.Flavor.HAL0, "auto");
            assertEquals(new ProbeResult.Starting("loading before bind (refused)"), check(p));
            server.phase(Phase.NO_MODEL);
            assertEquals(new ProbeResult.Warming("model_loaded is false; idle once that holds for 3s", null), check(p));
            clock.advance(Duration.ofSeconds(3));
            assertInstanceOf(ProbeResult.Idle.class, check(p));
            server.phase(Phase.READY);
            assertEquals("model loaded; default voice af_bella; 2 voices", check(p).detail());
        }

        @Test
        void fastapi_isRecognisedByAHealthWithoutModelLoaded() throws Exception {
            Probe p = probe(KokoroServer.Flavor.FASTAPI, "auto");
            server.phase(Phase.READY);
            assertEquals("healthy: model loaded and warmed up; 3 voices", check(p).detail());
        }

        @Test
        void kokoros_isRecognisedByNoHealthButRootOk_andThenOnlyRootIsAsked() throws Exception {
            Probe p = probe(KokoroServer.Flavor.KOKOROS, "auto");
            server.phase(Phase.READY);
            assertEquals("up: GET / answers (Kokoros binds after loading); 4 voices", check(p).detail());
            assertEquals(List.of("GET /health", "GET /", "GET /v1/audio/voices"), server.requests());
            server.clearRequests();
            assertInstanceOf(ProbeResult.Ready.class, check(p));
            assertEquals(List.of("GET /"), server.requests());
        }

        @Test
        void anUnknownHealth_isReadyOnLivenessOnly_andSaysSo() throws Exception {
            Probe p = probe(KokoroServer.Flavor.FASTAPI, "auto");
            server.phase(Phase.READY).health("text/plain; charset=utf-8", "OK");
            assertEquals(new ProbeResult.Ready(List.of(new ProbeResult.Model("kokoro", "loaded", null)),
                    "up: GET /health answers 200, though not as a known Kokoro server does (readiness on liveness only); 3 voices"), check(p));
        }

        @Test
        void afterARefusal_detectsAgain() throws Exception {
            Probe p = probe(KokoroServer.Flavor.KOKOROS, "auto");
            server.phase(Phase.READY);
            check(p);
            server.phase(Phase.LOADING);
            assertInstanceOf(ProbeResult.Starting.class, check(p));
            server.phase(Phase.READY);
            server.clearRequests();
            check(p);
            assertEquals("GET /health", server.requests().getFirst());
        }
    }

    @Nested
    class Adopt {

        @Test
        void hal0WithoutModel_isIdleAtOnce_fromOneGet() throws Exception {
            Probe p = probe(KokoroServer.Flavor.HAL0, "auto");
            server.phase(Phase.NO_MODEL);
            assertEquals(new ProbeResult.Idle(
                    "up, no model loaded (hal0's kokoro_server.py never retries a failed load; restart to retry)", List.of()),
                    p.adopt(clock.deadline()));
            assertEquals(List.of("GET /health"), server.requests());
        }

        @Test
        void readyServers_areReady_fromOneGet_withoutTheVoiceList() throws Exception {
            Probe p = probe(KokoroServer.Flavor.HAL0, "hal0");
            server.phase(Phase.READY);
            assertEquals(new ProbeResult.Ready(List.of(new ProbeResult.Model("kokoro", "loaded", null)),
                    "model loaded; default voice af_bella"), p.adopt(clock.deadline()));
            assertEquals(List.of("GET /health"), server.requests());
            server.close();

            p = probe(KokoroServer.Flavor.KOKOROS, "kokoros");
            server.phase(Phase.READY);
            assertInstanceOf(ProbeResult.Ready.class, p.adopt(clock.deadline()));
            assertEquals(List.of("GET /"), server.requests());
        }

        @Test
        void nothingListening_isNotAdoptable() throws Exception {
            Probe p = probe(KokoroServer.Flavor.FASTAPI, "fastapi");
            assertEquals(new ProbeResult.Starting("loading before bind (refused)"), p.adopt(clock.deadline()));
        }
    }

    @Nested
    class ExplainExit {

        private final ProbeResult starting = new ProbeResult.Starting("loading before bind (refused)");
        private final ProbeResult ready = new ProbeResult.Ready(List.of(), "healthy");

        @Test
        void fastapi_exit3BeforeBind_isAFailedLoadOrWarmup_exit0_missingModelFiles() throws Exception {
            Probe p = probe(KokoroServer.Flavor.FASTAPI, "fastapi");
            assertEquals(Optional.of("model load or warm-up failed (uvicorn start-up failure, exit 3)"),
                    p.explainExit(new Probe.ExitInfo(3, 0, starting)));
            assertEquals(Optional.of("model load or warm-up failed (uvicorn start-up failure, exit 3)"),
                    p.explainExit(new Probe.ExitInfo(3, 0, null)));
            assertEquals(Optional.of("exited 0 before binding (Kokoro-FastAPI does so when its model files are missing)"),
                    p.explainExit(new Probe.ExitInfo(0, 0, starting)));
            assertEquals(Optional.empty(), p.explainExit(new Probe.ExitInfo(3, 0, ready)));
            assertEquals(Optional.empty(), p.explainExit(new Probe.ExitInfo(-1, 9, starting)));
            assertEquals(Optional.empty(), p.explainExit(new Probe.ExitInfo(1, 0, starting)));
        }

        @Test
        void kokoros_nonZeroBeforeBind_isAFailedLoad() throws Exception {
            Probe p = probe(KokoroServer.Flavor.KOKOROS, "kokoros");
            assertEquals(Optional.of("model load failed (Kokoros loads its TTS instances before it binds; exit 101)"),
                    p.explainExit(new Probe.ExitInfo(101, 0, starting)));
            assertEquals(Optional.empty(), p.explainExit(new Probe.ExitInfo(0, 0, starting)));
        }

        @Test
        void hal0_staysUpWhenItsLoadFails_soAnExitMeansNothingKnown() throws Exception {
            Probe p = probe(KokoroServer.Flavor.HAL0, "hal0");
            assertEquals(Optional.empty(), p.explainExit(new Probe.ExitInfo(1, 0, starting)));
            assertEquals(Optional.empty(), p.explainExit(new Probe.ExitInfo(3, 0, starting)));
        }

        @Test
        void auto_exit3_isUvicornsStartupFailure_otherCodes_whileLoading() throws Exception {
            Probe p = probe(KokoroServer.Flavor.FASTAPI, "auto");
            assertEquals(Optional.of("model load or warm-up failed (uvicorn start-up failure, exit 3)"),
                    p.explainExit(new Probe.ExitInfo(3, 0, starting)));
            assertEquals(Optional.of("exit 1 while loading the model (before binding)"),
                    p.explainExit(new Probe.ExitInfo(1, 0, starting)));
        }

        @Test
        void anExit_startsAFreshIdleWindowForTheNextSpawn() throws Exception {
            Probe p = probe(KokoroServer.Flavor.HAL0, "hal0");
            server.phase(Phase.NO_MODEL);
            assertInstanceOf(ProbeResult.Warming.class, check(p));
            clock.advance(Duration.ofSeconds(2));
            p.explainExit(new Probe.ExitInfo(-1, 9, null));
            clock.advance(Duration.ofSeconds(2));
            assertInstanceOf(ProbeResult.Warming.class, check(p)); // the old window would have held 4 s
        }
    }

    @Test
    void anInterruptedCheck_stopsAtOnceAndRethrows() throws Exception {
        Probe p = probe(KokoroServer.Flavor.FASTAPI, "fastapi", "request_timeout", "60s");
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
