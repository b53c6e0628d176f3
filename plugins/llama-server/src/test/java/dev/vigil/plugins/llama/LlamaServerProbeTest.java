package dev.vigil.plugins.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.engine.spi.Probe;
import dev.vigil.engine.spi.Probe.ExitInfo;
import dev.vigil.engine.spi.ProbeConfigException;
import dev.vigil.engine.spi.ProbeResult;
import dev.vigil.engine.spi.ProbeResult.Failed;
import dev.vigil.engine.spi.ProbeResult.Idle;
import dev.vigil.engine.spi.ProbeResult.Model;
import dev.vigil.engine.spi.ProbeResult.Ready;
import dev.vigil.engine.spi.ProbeResult.Serving;
import dev.vigil.engine.spi.ProbeResult.Starting;
import dev.vigil.engine.spi.ProbeResult.Warming;
import dev.vigil.plugins.llama.FakeLlamaServer.Phase;
import dev.vigil.plugins.llama.FakeLlamaServer.Seen;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The probe against a scripted llama-server, phase by phase, as PROVIDERS.md §1.2/§1.3 describe the real one. */
class LlamaServerProbeTest {

    static final String MODEL = "qwen3-0.6b-q8_0.gguf";
    static final String KEY = "sk-test-0123456789";

    final MutableClock clock = new MutableClock();
    final FakeLlamaServer server = FakeLlamaServer.unbound();
    final List<ProbeResult> results = new ArrayList<>();

    @AfterEach
    void close() {
        server.close();
    }

    Probe probe(Object... settings) throws ProbeConfigException {
        Object[] all = new Object[settings.length + 2];
        all[0] = "url";
        all[1] = server.url().toString();
        System.arraycopy(settings, 0, all, 2, settings.length);
        return new LlamaServerProvider().create(MapConfig.of(all), new TestContext(clock, List.of()));
    }

    Instant deadline() {
        return clock.instant().plusSeconds(30);
    }

    ProbeResult check(Probe probe) throws Exception {
        ProbeResult r = probe.check(deadline());
        results.add(r);
        return r;
    }

    static Model loaded(String id) {
        return new Model(id, "loaded", null);
    }

    @Nested
    class SingleModel {

        @Test
        void refusedBeforeBind_isStarting() throws Exception {
            ProbeResult r = check(probe());
            assertInstanceOf(Starting.class, r);
            assertTrue(r.detail().contains("connection refused"), r.detail());
        }

        @Test
        void wholeStartUp_startingWarmingReadyServingReady() throws Exception {
            Probe probe = probe();
            assertInstanceOf(Starting.class, check(probe));
            server.phase = Phase.LOADING;
            server.bind();
            assertEquals(new Warming("loading model", null), check(probe));
            server.phase = Phase.READY;
            assertEquals(new Ready(List.of(loaded(MODEL)), "model loaded: " + MODEL), check(probe));
            server.slots = new boolean[] {true, false};
            assertEquals(new Serving(1, List.of(loaded(MODEL)), "1 of 2 slots processing; model loaded: " + MODEL), check(probe));
            server.slots = new boolean[] {true, true};
            assertEquals(2, assertInstanceOf(Serving.class, check(probe)).inFlight());
            server.slots = new boolean[] {false, false};
            assertInstanceOf(Ready.class, check(probe));
        }

        @Test
        void loading_newBuildEnvelope_isWarmingWithoutProgress() throws Exception {
            server.phase = Phase.LOADING;
            server.bind();
            Warming w = assertInstanceOf(Warming.class, check(probe()));
            assertNull(w.progress());
            assertEquals(List.of("/health"), server.paths());
        }

        @Test
        void loading_legacyStatusBody_isWarming() throws Exception {
            server.phase = Phase.LOADING_LEGACY;
            server.bind();
            assertEquals(new Warming("loading model", null), check(probe()));
        }

        @Test
        void loading_preRouterBuildServesANonEmptyModelList_stillWarming() throws Exception {
            server.phase = Phase.LOADING_PRE_ROUTER;
            server.bind();
            for (String flavor : List.of("auto", "single", "router")) {
                assertInstanceOf(Warming.class, check(probe("flavor", flavor)), flavor);
            }
            assertFalse(server.paths().contains("/v1/models"), "the list is not consulted while /health says loading");
        }

        @Test
        void ready_readsTheIdFromV1Models_andTheBusyCountFromSlots() throws Exception {
            server.phase = Phase.READY;
            server.bind();
            assertInstanceOf(Ready.class, check(probe()));
            assertEquals(List.of("/health", "/v1/models", "/slots"), server.paths());
        }

        @Test
        void readySingleServer_isNotAskedForItsModelsAgain_untilHealthStopsAnswering200() throws Exception {
            server.phase = Phase.READY;
            server.bind();
            Probe probe = probe();
            Ready first = assertInstanceOf(Ready.class, check(probe));
            Ready second = assertInstanceOf(Ready.class, check(probe));
            assertEquals(first.models(), second.models(), "the id is still reported");
            assertEquals(List.of("/health", "/v1/models", "/slots", "/health", "/slots"), server.paths());
            server.phase = Phase.LOADING;
            assertInstanceOf(Failed.class, check(probe)); // 503 after it was up: a strike
            server.phase = Phase.READY;
            server.forget();
            assertInstanceOf(Ready.class, check(probe));
            assertEquals(List.of("/health", "/v1/models", "/slots"), server.paths(), "asked again after /health said 503");
        }

        @Test
        void ready_withoutV1Models_takesTheIdFromProps() throws Exception {
            server.phase = Phase.READY;
            server.modelsEndpoint = false;
            server.modelId = "my-alias";
            server.bind();
            Ready r = assertInstanceOf(Ready.class, check(probe()));
            assertEquals(List.of(loaded("my-alias")), r.models());
            assertTrue(server.paths().contains("/props"));
        }

        @Test
        void slotsDisabled501_isReady_andNotAskedAgain() throws Exception {
            server.phase = Phase.READY;
            server.slotsEndpoint = false;
            server.bind();
            Probe probe = probe();
            assertInstanceOf(Ready.class, check(probe));
            assertInstanceOf(Ready.class, check(probe));
            assertEquals(1, server.paths().stream().filter("/slots"::equals).count());
        }

        @Test
        void slotsFalse_neverReadsSlots_soABusyServerIsReady() throws Exception {
            server.phase = Phase.READY;
            server.slots = new boolean[] {true};
            server.bind();
            assertInstanceOf(Ready.class, check(probe("slots", false)));
            assertFalse(server.paths().contains("/slots"));
        }

        @Test
        void legacyHealthWithSlotCounts_isServingWithoutAskingSlots() throws Exception {
            server.phase = Phase.READY_LEGACY;
            server.slots = new boolean[] {true, true, false};
            server.bind();
            assertEquals(2, assertInstanceOf(Serving.class, check(probe())).inFlight());
            assertFalse(server.paths().contains("/slots"));
        }

        @Test
        void legacyHealth500_isADefinitiveLoadFailure() throws Exception {
            server.phase = Phase.ERROR_LEGACY;
            server.bind();
            Failed f = assertInstanceOf(Failed.class, check(probe()));
            assertTrue(f.definitive());
            assertTrue(f.detail().startsWith("model load failed"), f.detail());
        }

        @Test
        void otherHealthError_isDefinitive_withTheServersMessage() throws Exception {
            server.phase = Phase.READY;
            server.failWith = "out of memory";
            server.bind();
            assertEquals(new Failed("GET /health answered HTTP 500: out of memory", true), check(probe()));
        }

        @Test
        void loading503AfterReady_isADefinitiveFailure_untilTheProcessGoes() throws Exception {
            server.phase = Phase.READY;
            server.bind();
            Probe probe = probe();
            assertInstanceOf(Ready.class, check(probe));
            server.phase = Phase.LOADING; // the health-503 hang of PROVIDERS.md §6.1
            assertTrue(assertInstanceOf(Failed.class, check(probe)).definitive());
            server.unbind(); // restarted: refused, then loading again
            assertInstanceOf(Starting.class, check(probe));
            server.bind();
            assertInstanceOf(Warming.class, check(probe));
        }

        @Test
        void loading503AfterAnExit_isWarmingAgain() throws Exception {
            server.phase = Phase.READY;
            server.bind();
            Probe probe = probe();
            ProbeResult ready = check(probe);
            probe.explainExit(new ExitInfo(-1, 9, ready));
            server.phase = Phase.LOADING;
            assertInstanceOf(Warming.class, check(probe));
        }

        @Test
        void flavorSingle_onARouter_saysSo() throws Exception {
            server.phase = Phase.ROUTER;
            server.routerModel("a", "{\"value\":\"loaded\"}");
            server.bind();
            Failed f = assertInstanceOf(Failed.class, check(probe("flavor", "single")));
            assertTrue(f.definitive());
            assertTrue(f.detail().contains("router"), f.detail());
        }

        @Test
        void flavorRouter_onASingleModelServer_saysSo() throws Exception {
            server.phase = Phase.READY;
            server.bind();
            Failed f = assertInstanceOf(Failed.class, check(probe("flavor", "router")));
            assertTrue(f.detail().contains("single-model"), f.detail());
        }
    }

    @Nested
    class ApiKey {

        @Test
        void keyRequired_noneConfigured_isDefinitive_andSaysToSetApiKey() throws Exception {
            server.phase = Phase.READY;
            server.apiKey = KEY;
            server.bind();
            Failed f = assertInstanceOf(Failed.class, check(probe()));
            assertTrue(f.definitive());
            assertEquals("HTTP 401 on GET /slots: the server wants an API key: set api_key in [provider]", f.detail());
        }

        @Test
        void whileLoading_aMissingKeyStillGets503_soWarming() throws Exception {
            server.phase = Phase.LOADING;
            server.apiKey = KEY;
            server.bind();
            assertInstanceOf(Warming.class, check(probe()));
        }

        @Test
        void keyConfigured_isSentAsBearerOnEveryCall_andNeverShown() throws Exception {
            server.apiKey = KEY;
            Probe probe = probe("api_key", KEY);
            check(probe);
            server.phase = Phase.LOADING;
            server.bind();
            check(probe);
            server.phase = Phase.READY;
            assertInstanceOf(Ready.class, check(probe));
            server.slots = new boolean[] {true, false};
            assertInstanceOf(Serving.class, check(probe));
            assertFalse(server.seen().isEmpty());
            for (Seen s : server.seen()) {
                assertEquals("Bearer " + KEY, s.authorization(), s.pathAndQuery());
                assertNull(s.xApiKey(), "Authorization: Bearer is enough for every build (PROVIDERS.md §1.2 Auth)");
            }
            results.forEach(r -> assertFalse(r.detail().contains(KEY), r.detail()));
        }

        @Test
        void wrongKey_isDefinitive_andTheKeyIsNotShown() throws Exception {
            server.phase = Phase.READY;
            server.apiKey = KEY;
            server.bind();
            Failed f = assertInstanceOf(Failed.class, check(probe("api_key", "sk-wrong-key")));
            assertTrue(f.definitive());
            assertEquals("HTTP 401 on GET /slots: the server refused the api_key of [provider]: check it", f.detail());
        }

        @Test
        void aServerEchoingTheKey_isRedacted() throws Exception {
            server.phase = Phase.READY;
            server.failWith = "bad key " + KEY;
            server.bind();
            Failed f = assertInstanceOf(Failed.class, check(probe("api_key", KEY)));
            assertEquals("GET /health answered HTTP 500: bad key ***", f.detail());
        }
    }

    @Nested
    class Router {

        Probe routerUp(Object... settings) throws ProbeConfigException {
            server.phase = Phase.ROUTER;
            server.bind();
            return probe(settings);
        }

        @Test
        void eachSubState_isAModel_andOnlyAwakeLoadedModelsAreAskedForSlots() throws Exception {
            Probe probe = routerUp();
            server.routerModel("a", "{\"value\":\"loaded\",\"args\":[]}");
            server.routerModel("b", "{\"value\":\"loading\",\"args\":[]}");
            server.routerModel("c", "{\"value\":\"unloaded\",\"args\":[]}");
            server.routerModel("d", "{\"value\":\"unloaded\",\"args\":[],\"failed\":true,\"exit_code\":1}");
            server.routerModel("e", "{\"value\":\"sleeping\",\"args\":[]}");
            server.routerModel("f e", "{\"value\":\"downloading\",\"args\":[]}");
            Ready r = assertInstanceOf(Ready.class, check(probe));
            assertEquals(List.of(loaded("a"), new Model("b", "loading", null), new Model("c", "unloaded", null),
                    new Model("d", "failed", 1), loaded("e"), new Model("f e", "unloaded", null)), r.models());
            assertEquals("router: 2 of 6 models loaded (a, e)", r.detail());
            assertEquals(List.of("/health", "/v1/models", "/slots?model=a&autoload=false"), server.paths());
        }

        @Test
        void busyModels_addUpToServing_andBackToReady() throws Exception {
            Probe probe = routerUp();
            server.routerModel("a", "{\"value\":\"loaded\"}");
            server.routerModel("b", "{\"value\":\"loaded\"}");
            server.routerSlots.put("a", new boolean[] {true, false});
            server.routerSlots.put("b", new boolean[] {true, true});
            assertEquals(3, assertInstanceOf(Serving.class, check(probe)).inFlight());
            server.routerSlots.put("a", new boolean[] {false, false});
            server.routerSlots.put("b", new boolean[] {false, false});
            assertInstanceOf(Ready.class, check(probe));
        }

        @Test
        void onlyLoading_isWarming() throws Exception {
            Probe probe = routerUp();
            server.routerModel("a", "{\"value\":\"unloaded\"}");
            server.routerModel("b", "{\"value\":\"loading\"}");
            assertEquals(new Warming("router: loading b", null), check(probe));
        }

        @Test
        void noModel_isWarmingUntilItHeldForIdleAfter_thenIdle() throws Exception {
            Probe probe = routerUp();
            assertEquals(new Warming("waiting for a model (router up, none loaded; idle after 3s)", null), check(probe));
            clock.advance(Duration.ofMillis(2999));
            assertInstanceOf(Warming.class, check(probe));
            clock.advance(Duration.ofMillis(1));
            assertEquals(new Idle("router up, no model loaded", List.of()), check(probe));
            clock.advance(Duration.ofMinutes(5));
            assertInstanceOf(Idle.class, check(probe));
        }

        @Test
        void aModelAppearingInsideTheWindow_restartsIt() throws Exception {
            Probe probe = routerUp();
            assertInstanceOf(Warming.class, check(probe)); // t=0: empty, window opens
            clock.advance(Duration.ofSeconds(2));
            server.routerModel("a", "{\"value\":\"loading\"}");
            assertEquals(new Warming("router: loading a", null), check(probe)); // t=2: a model appears
            clock.advance(Duration.ofSeconds(1));
            server.routerModel("a", "{\"value\":\"unloaded\",\"failed\":true,\"exit_code\":1}");
            Warming w = assertInstanceOf(Warming.class, check(probe)); // t=3: none again, the window restarts
            assertTrue(w.detail().endsWith("; failed: a (exit 1)"), w.detail());
            clock.advance(Duration.ofMillis(2999));
            assertInstanceOf(Warming.class, check(probe)); // t=5.999: would have been idle without the reset
            clock.advance(Duration.ofMillis(1));
            Idle idle = assertInstanceOf(Idle.class, check(probe)); // t=6
            assertEquals("router up, no model loaded; failed: a (exit 1)", idle.detail());
            assertEquals(List.of(new Model("a", "failed", 1)), idle.models());
        }

        @Test
        void aLoadedModel_endsIdle_andTheNextEmptyAnswerWaitsAgain() throws Exception {
            Probe probe = routerUp("idle_after", "1s");
            check(probe);
            clock.advance(Duration.ofSeconds(1));
            assertInstanceOf(Idle.class, check(probe));
            server.routerModel("a", "{\"value\":\"loaded\"}");
            assertInstanceOf(Ready.class, check(probe));
            server.routerModel("a", "{\"value\":\"unloaded\"}");
            assertInstanceOf(Warming.class, check(probe));
        }

        @Test
        void aTransportErrorInsideTheWindow_restartsIt() throws Exception {
            Probe probe = routerUp();
            check(probe);
            clock.advance(Duration.ofSeconds(2));
            server.unbind();
            assertInstanceOf(Starting.class, check(probe));
            server.bind();
            clock.advance(Duration.ofSeconds(1));
            assertInstanceOf(Warming.class, check(probe));
            clock.advance(Duration.ofSeconds(3));
            assertInstanceOf(Idle.class, check(probe));
        }

        @Test
        void idleAfter_isConfigurable() throws Exception {
            Probe probe = routerUp("idle_after", "10s");
            check(probe);
            clock.advance(Duration.ofSeconds(9));
            assertInstanceOf(Warming.class, check(probe));
            clock.advance(Duration.ofSeconds(1));
            assertInstanceOf(Idle.class, check(probe));

            Probe atOnce = probe("idle_after", "0s");
            assertInstanceOf(Idle.class, check(atOnce));
        }

        @Test
        void explicitRouterFlavor_withAnEmptyList_isIdleAfterTheWindow() throws Exception {
            Probe probe = routerUp("flavor", "router");
            assertInstanceOf(Warming.class, check(probe));
            clock.advance(Duration.ofSeconds(3));
            assertInstanceOf(Idle.class, check(probe));
        }

        @Test
        void adopt_anEmptyRouter_isIdleAtOnce_andStaysIdle() throws Exception {
            Probe probe = routerUp();
            server.routerModel("c", "{\"value\":\"unloaded\"}");
            assertEquals(new Idle("router up, no model loaded", List.of(new Model("c", "unloaded", null))), probe.adopt(deadline()));
            assertInstanceOf(Idle.class, check(probe));
        }

        @Test
        void adopt_aLoadedRouter_isReady_withoutSlots() throws Exception {
            Probe probe = routerUp();
            server.routerModel("a", "{\"value\":\"loaded\"}");
            assertEquals(List.of(loaded("a")), assertInstanceOf(Ready.class, probe.adopt(deadline())).models());
            assertEquals(List.of("/health", "/v1/models"), server.paths());
        }

        @Test
        void keyRequired_forSlotsOfAModel_saysToSetApiKey() throws Exception {
            Probe probe = routerUp();
            server.apiKey = KEY;
            server.routerModel("a", "{\"value\":\"loaded\"}");
            Failed f = assertInstanceOf(Failed.class, check(probe));
            assertTrue(f.detail().contains("set api_key"), f.detail());
        }
    }

    @Nested
    class Adopt {

        @Test
        void readySingle_isOneHealthAndOneModelsCall() throws Exception {
            server.phase = Phase.READY;
            server.slots = new boolean[] {true};
            server.bind();
            Ready r = assertInstanceOf(Ready.class, probe().adopt(deadline()));
            assertEquals(List.of(loaded(MODEL)), r.models());
            assertEquals(List.of("/health", "/v1/models"), server.paths());
            assertTrue(server.seen().stream().allMatch(s -> s.method().equals("GET")), "no completion");
        }

        @Test
        void withoutV1Models_asksProps() throws Exception {
            server.phase = Phase.READY;
            server.modelsEndpoint = false;
            server.bind();
            assertEquals(List.of(loaded(MODEL)), assertInstanceOf(Ready.class, probe().adopt(deadline())).models());
            assertEquals(List.of("/health", "/v1/models", "/props"), server.paths());
        }

        @Test
        void loading_isNotAdoptable() throws Exception {
            server.phase = Phase.LOADING;
            server.bind();
            assertInstanceOf(Warming.class, probe().adopt(deadline()));
        }
    }

    @Nested
    class Timeouts {

        @Test
        void aHangingHealth_whileIdle_isDefinitive() throws Exception {
            server.phase = Phase.READY;
            server.bind();
            server.hangOn = "/health";
            assertEquals(new Failed("GET /health timed out after 300ms", true), check(probe("request_timeout", "300ms")));
        }

        @Test
        void aHangingHealth_whileSlotsProcess_isInconclusive() throws Exception {
            server.phase = Phase.READY;
            server.slots = new boolean[] {true};
            server.bind();
            Probe probe = probe("request_timeout", "300ms");
            assertInstanceOf(Serving.class, check(probe));
            server.hangOn = "/health";
            Failed f = assertInstanceOf(Failed.class, check(probe));
            assertFalse(f.definitive());
            assertFalse(assertInstanceOf(Failed.class, check(probe)).definitive(), "still busy as far as we know");
        }

        @Test
        void aHangingSlots_afterHealthAnswered_isInconclusive() throws Exception {
            server.phase = Phase.READY;
            server.bind();
            server.hangOn = "/slots";
            Failed f = assertInstanceOf(Failed.class, check(probe("request_timeout", "300ms")));
            assertFalse(f.definitive());
        }

        @Test
        void theDeadline_lessAMargin_cutsTheRequestTimeoutShort() throws Exception {
            server.phase = Phase.READY;
            server.bind();
            server.hangOn = "/health";
            Probe probe = probe("request_timeout", "60s");
            // 2s left: the call ends 50 ms before the deadline, so that vigil's fence gets a definitive answer
            assertEquals(new Failed("GET /health timed out after 1950ms", true), probe.check(clock.instant().plusSeconds(2)));
            // 200 ms left: the margin is a tenth
            assertEquals(new Failed("GET /health timed out after 180ms", true), probe.check(clock.instant().plusMillis(200)));
        }

        @Test
        void aPassedDeadline_sendsNothing() throws Exception {
            server.phase = Phase.READY;
            server.bind();
            Failed f = assertInstanceOf(Failed.class, probe().check(clock.instant()));
            assertTrue(f.detail().contains("timed out"), f.detail());
            assertEquals(List.of(), server.paths());
        }

        @Test
        void anInterrupt_endsAHangingCall() throws Exception {
            server.phase = Phase.READY;
            server.bind();
            server.hangOn = "/health";
            Probe probe = probe("request_timeout", "60s");
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread checker = Thread.ofVirtual().start(() -> {
                try {
                    probe.check(clock.instant().plusSeconds(60));
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            assertTrue(server.hanging.await(10, TimeUnit.SECONDS));
            checker.interrupt();
            assertTrue(checker.join(Duration.ofSeconds(10)), "the check ended");
            assertInstanceOf(InterruptedException.class, thrown.get());
        }

        @Test
        void anInterruptedThread_doesNotStartACall() throws Exception {
            server.phase = Phase.READY;
            server.bind();
            Probe probe = probe();
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> probe.check(deadline()));
            assertEquals(List.of(), server.paths());
        }
    }

    @Nested
    class ExplainExit {

        Optional<String> exit(Probe probe, int code, int signal, ProbeResult last) {
            return probe.explainExit(new ExitInfo(code, signal, last));
        }

        @Test
        void exit1WhileWarming_isModelLoadFailed() throws Exception {
            server.phase = Phase.LOADING;
            server.bind();
            Probe probe = probe();
            ProbeResult last = check(probe);
            assertEquals(Optional.of("model load failed (llama-server exits 1 when its model cannot be loaded)"),
                    exit(probe, 1, 0, last));
        }

        @Test
        void exit1WhileStarting_isModelLoadFailedOrBind() throws Exception {
            Probe probe = probe();
            ProbeResult last = check(probe);
            assertTrue(exit(probe, 1, 0, last).orElseThrow().startsWith("model load failed"));
        }

        @Test
        void otherExits_areNotExplained() throws Exception {
            Probe probe = probe();
            Ready ready = new Ready(List.of(loaded(MODEL)), "model loaded");
            Warming warming = new Warming("loading model", null);
            assertEquals(Optional.empty(), exit(probe, 1, 0, ready));
            assertEquals(Optional.empty(), exit(probe, 0, 0, warming));
            assertEquals(Optional.empty(), exit(probe, 2, 0, warming));
            assertEquals(Optional.empty(), exit(probe, -1, 9, warming));
        }

        @Test
        void exit1_beforeAnyAnswer_isStillALoadOrBindFailure() throws Exception {
            assertEquals(Optional.of("model load failed, or the port could not be bound (llama-server exits 1 for both)"),
                    exit(probe(), 1, 0, null));
        }

        @Test
        void exit1OfARouterWaitingForAModel_isNotALoadFailure() throws Exception {
            server.phase = Phase.ROUTER;
            server.bind();
            Probe probe = probe();
            ProbeResult last = check(probe);
            assertInstanceOf(Warming.class, last);
            assertEquals(Optional.empty(), exit(probe, 1, 0, last));
        }
    }
}
