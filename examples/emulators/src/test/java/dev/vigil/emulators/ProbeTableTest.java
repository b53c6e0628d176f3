package dev.vigil.emulators;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every cell of PROVIDERS.md §6.5, "what the supervisor's probes should conclude": rows are
 * the emulator conditions, columns llama single | llama router | kokoro fastapi |
 * kokoro/moonshine hal0 | speaches. An "n/a" cell is checked as "this emulator never shows it".
 */
class ProbeTableTest extends EmulatorTestBase {
    static final String LOADING = "{\"error\":{\"message\":\"Loading model\",\"type\":\"unavailable_error\",\"code\":503}}";

    /** Row: refused, PID alive. */
    @Nested
    class RefusedAlive {
        @Test
        void llamaSingleIsStartingBeforeItBinds() throws Exception {
            int port = freePort();
            Emulator e = start("llama-server", "--port", "" + port, "--bind-delay", "1h");
            await().until(() -> e.phase() == Emulator.Phase.STARTING && e.logLines().toString().contains("bind-delay"));
            assertTrue(refused(port));
            assertAlive(e);
            e.advance();
            await().until(() -> !refused(port));
            await().until(() -> get(e, "/health").status() == 200); // no load delay: ready right after the bind
        }

        @Test
        void llamaRouterIsStartingBeforeItBinds() throws Exception {
            int port = freePort();
            Emulator e = start("llama-server", "--flavor", "router", "--port", "" + port, "--bind-delay", "1h");
            await().until(() -> e.logLines().toString().contains("bind-delay"));
            assertTrue(refused(port));
            assertAlive(e);
            e.advance();
            await().until(() -> !refused(port));
            assertEquals(Json.obj("status", "ok"), get(e, "/health").json());
        }

        @ParameterizedTest
        @ValueSource(strings = {"kokoro fastapi", "kokoro hal0", "moonshine hal0"})
        void pythonServersRefuseWhileLoading(String kindFlavor) throws Exception {
            int port = freePort();
            String[] kf = kindFlavor.split(" ");
            Emulator e = start(kf[0], "--flavor", kf[1], "--port", "" + port, "--load-delay", "1h");
            await().until(() -> e.phase() == Emulator.Phase.LOADING);
            assertTrue(refused(port), "loading: connection refused");
            assertAlive(e);
            e.advance();
            await().until(() -> !refused(port));
            Res h = get(e, "/health");
            assertEquals(200, h.status());
            assertEquals(kf[1].equals("fastapi") ? "healthy" : "ok", h.map().get("status"));
        }

        @Test
        void kokoroWithBindDelayRefusesForBindDelayPlusLoadDelay() throws Exception {
            int port = freePort();
            Emulator e = start("kokoro", "--port", "" + port, "--bind-delay", "1h", "--load-delay", "1h");
            await().until(() -> e.phase() == Emulator.Phase.STARTING && e.logLines().toString().contains("bind-delay"));
            assertTrue(refused(port));
            e.advance();
            await().until(() -> e.phase() == Emulator.Phase.LOADING);
            assertTrue(refused(port));
            e.advance();
            await().until(() -> !refused(port));
        }

        @Test
        void speachesIsStartingBeforeItBinds() throws Exception {
            int port = freePort();
            Emulator e = start("moonshine", "--flavor", "speaches", "--port", "" + port, "--bind-delay", "1h");
            await().until(() -> e.logLines().toString().contains("bind-delay"));
            assertTrue(refused(port));
            assertAlive(e);
            e.advance();
            await().until(() -> !refused(port));
            assertEquals("OK", get(e, "/health").body());
        }
    }

    /** Row: refused, PID dead. */
    @Nested
    class RefusedDead {
        @Test
        void llamaSingleLoadFailureExitsOne() throws Exception {
            int port = freePort();
            Emulator e = start("llama-server", "--port", "" + port, "--load-delay", "1h", "--fail-load");
            CompletableFuture<Integer> reported = new CompletableFuture<>();
            e.onExit(reported::complete);
            await().until(() -> e.phase() == Emulator.Phase.LOADING);
            assertEquals(503, get(e, "/health").status());
            e.advance();
            assertEquals(1, reported.join());
            assertTrue(refused(port));
            assertTrue(e.logLines().contains("[stderr] main: exiting due to model loading error"));
        }

        @Test
        void llamaRouterDeadIsRefused() throws Exception {
            Emulator e = up("llama-server", "--flavor", "router", "--port", "0", "--router-models", "a",
                    "--crash-model", "router", "--crash-after", "10ms");
            int port = e.port();
            assertExited(e, 137);
            assertTrue(refused(port));
        }

        @Test
        void llamaRouterPortTakenExitsOne() throws Exception {
            Emulator first = up("llama-server", "--flavor", "router", "--port", "0");
            Emulator second = start("llama-server", "--flavor", "router", "--port", "" + first.port());
            assertExited(second, 1);
            assertTrue(second.logLines().toString().contains("exiting due to HTTP server error"));
        }

        @Test
        void kokoroFastapiLoadFailureExitsThreeWithoutEverBinding() throws Exception {
            int port = freePort();
            Emulator e = start("kokoro", "--port", "" + port, "--fail-load");
            assertExited(e, 3);
            assertTrue(refused(port));
            assertTrue(e.logLines().contains("[stderr] ERROR:    Application startup failed. Exiting."));
        }

        @ParameterizedTest
        @ValueSource(strings = {"kokoro hal0", "moonshine hal0", "moonshine speaches"})
        void crashedServerIsRefused(String kindFlavor) throws Exception {
            String[] kf = kindFlavor.split(" ");
            Emulator e = up(kf[0], "--flavor", kf[1], "--port", "0", "--crash-after", "10ms");
            int port = e.port();
            assertExited(e, 137);
            assertTrue(refused(port));
        }
    }

    /** Row: 503 Loading model. */
    @Nested
    class Loading503 {
        @Test
        void llamaSingleAnswersTheErrorEnvelope() {
            Emulator e = up("llama-server", "--port", "0", "--load-delay", "1h");
            Res h = get(e, "/health");
            assertEquals(503, h.status());
            assertEquals(LOADING, h.body());
            assertEquals("application/json; charset=utf-8", h.type());
        }

        @Test
        void llamaLegacyAnswersLoadingModel() {
            Emulator e = up("llama-server", "--flavor", "legacy2024", "--port", "0", "--load-delay", "1h");
            Res h = get(e, "/health");
            assertEquals(503, h.status());
            assertEquals(Json.obj("status", "loading model"), h.json());
        }

        @Test
        void llamaRouterNeverAnswers503WhileAModelLoads() {
            Emulator e = up("llama-server", "--flavor", "router", "--port", "0", "--router-models", "a", "--load-delay", "1h");
            assertEquals(200, post(e, "/models/load", "{\"model\":\"a\"}").status());
            assertEquals("loading", path(get(e, "/v1/models").json(), "data", 0, "status", "value"));
            assertEquals(200, get(e, "/health").status());
        }

        @ParameterizedTest
        @ValueSource(strings = {"kokoro fastapi", "kokoro hal0", "moonshine hal0"})
        void pythonServersRefuseInsteadOf503(String kindFlavor) throws Exception {
            int port = freePort();
            String[] kf = kindFlavor.split(" ");
            Emulator e = start(kf[0], "--flavor", kf[1], "--port", "" + port, "--load-delay", "1h");
            await().until(() -> e.phase() == Emulator.Phase.LOADING);
            assertTrue(refused(port));
            e.advance();
            await().until(() -> !refused(port));
            assertEquals(200, get(e, "/health").status(), "the first answer is already 200");
        }

        @Test
        void hal0NeverAnswers503OnHealthEvenWithoutAModel() {
            for (String kind : List.of("kokoro", "moonshine")) {
                Emulator e = up(kind, "--flavor", "hal0", "--port", "0", "--no-model");
                assertEquals(200, get(e, "/health").status());
            }
        }

        @Test
        void speachesHealthStays200WhileAModelLoads() {
            Emulator e = up("moonshine", "--flavor", "speaches", "--port", "0", "--load-delay", "1h");
            CompletableFuture<Res> load = postAsync(e, "/api/ps/moonshine-small_streaming-en", "");
            await().until(() -> e.logLines().toString().contains("loading moonshine"));
            assertEquals(200, get(e, "/health").status());
            assertFalse(load.isDone());
            e.advance();
            assertEquals(201, load.join().status());
        }
    }

    /** Row: 200 + ready body. */
    @Nested
    class Ready {
        @Test
        void llamaSingle() {
            Emulator e = up("llama-server", "--port", "0");
            await().until(() -> e.phase() == Emulator.Phase.READY);
            assertEquals(Json.obj("status", "ok"), get(e, "/health").json());
            assertEquals("emulated-7b-q4_k_m.gguf", path(get(e, "/v1/models").json(), "data", 0, "id"));
        }

        @Test
        void llamaRouterPerModelStatus() {
            Emulator e = up("llama-server", "--flavor", "router", "--port", "0", "--router-models", "a,b", "--load-on-startup", "a");
            assertEquals(Json.obj("status", "ok"), get(e, "/health").json());
            await().until(() -> "loaded".equals(path(get(e, "/v1/models").json(), "data", 0, "status", "value")));
            assertEquals("unloaded", path(get(e, "/v1/models").json(), "data", 1, "status", "value"));
        }

        @Test
        void kokoroFastapi() {
            Emulator e = up("kokoro", "--flavor", "fastapi", "--port", "0");
            assertEquals(Json.obj("status", "healthy"), get(e, "/health").json());
        }

        @ParameterizedTest
        @ValueSource(strings = {"kokoro", "moonshine"})
        void hal0ModelLoadedTrue(String kind) {
            Emulator e = up(kind, "--flavor", "hal0", "--port", "0");
            Res h = get(e, "/health");
            assertEquals(200, h.status());
            assertEquals(true, h.map().get("model_loaded"));
            assertEquals("ok", h.map().get("status"));
        }

        @Test
        void speachesLiveness() {
            Emulator e = up("moonshine", "--flavor", "speaches", "--port", "0");
            Res h = get(e, "/health");
            assertEquals(200, h.status());
            assertEquals("OK", h.body());
        }
    }

    /** Row: 200 + empty model list / model_loaded:false. */
    @Nested
    class Idle {
        @Test
        void llamaSingleNeverListsNoModel() {
            Emulator e = up("llama-server", "--port", "0", "--load-delay", "1h");
            assertEquals(503, get(e, "/v1/models").status(), "NEW builds: 503 while loading, not an empty list");
            e.advance();
            await().until(() -> get(e, "/v1/models").status() == 200);
            assertEquals(1, ((List<?>) get(e, "/v1/models").map().get("data")).size());
        }

        @Test
        void llamaRouterWithNoModelIsIdle() {
            Emulator e = up("llama-server", "--flavor", "router", "--port", "0", "--no-model");
            assertEquals(200, get(e, "/health").status());
            assertEquals(Json.obj("data", List.of(), "object", "list"), get(e, "/v1/models").json());
        }

        @Test
        void llamaSingleWithNoModelBecomesARouterWithNoModels() {
            Emulator e = up("llama-server", "--port", "0", "--no-model");
            assertEquals("router", e.flavor());
            assertEquals(200, get(e, "/health").status());
            assertEquals(List.of(), get(e, "/v1/models").map().get("data"));
        }

        @Test
        void llamaRouterWithEveryModelUnloadedIsIdle() {
            Emulator e = up("llama-server", "--flavor", "router", "--port", "0", "--router-models", "a,b");
            for (Object m : (List<?>) get(e, "/v1/models").map().get("data")) {
                assertEquals("unloaded", path(m, "status", "value"));
            }
        }

        @Test
        void kokoroFastapiHasNoIdleForm() {
            Emulator e = up("kokoro", "--flavor", "fastapi", "--port", "0", "--no-model");
            assertEquals(Json.obj("status", "healthy"), get(e, "/health").json());
            assertEquals(4, ((List<?>) get(e, "/v1/models").map().get("data")).size());
        }

        @ParameterizedTest
        @ValueSource(strings = {"kokoro --no-model", "kokoro --fail-load", "moonshine --no-model", "moonshine --fail-load"})
        void hal0ModelLoadedFalseForGood(String kindFlag) {
            String[] kf = kindFlag.split(" ");
            Emulator e = up(kf[0], "--flavor", "hal0", "--port", "0", kf[1], "--load-delay", "10ms");
            await().until(() -> e.phase() == Emulator.Phase.IDLE);
            e.advance();
            Res h = get(e, "/health");
            assertEquals(200, h.status());
            assertEquals(false, h.map().get("model_loaded"));
            assertEquals("loading", h.map().get("status"));
            assertEquals(Json.obj("data", List.of()), get(e, "/v1/models").json());
            assertAlive(e);
        }

        @Test
        void speachesWithNothingLoaded() {
            Emulator e = up("moonshine", "--flavor", "speaches", "--port", "0");
            assertEquals(Json.obj("models", List.of()), get(e, "/api/ps").json());
            assertNotEquals(List.of(), get(e, "/v1/models").map().get("data"), "downloaded, not loaded");
        }
    }

    /** Row: hang / timeout repeatedly: every probe times out, the process stays alive. */
    @Nested
    class HangRepeatedly {
        @ParameterizedTest
        @ValueSource(strings = {"llama-server single", "llama-server router", "kokoro fastapi", "kokoro hal0",
                "moonshine hal0", "moonshine speaches"})
        void probesTimeOutWhileTheProcessLives(String kindFlavor) {
            String[] kf = kindFlavor.split(" ");
            Emulator e = up(kf[0], "--flavor", kf[1], "--port", "0", "--hang-mode", "accept-silent");
            await().until(e::hanging);
            for (int strike = 0; strike < 2; strike++) assertHangs(e, "GET", "/health", null);
            assertAlive(e);
        }
    }
}
