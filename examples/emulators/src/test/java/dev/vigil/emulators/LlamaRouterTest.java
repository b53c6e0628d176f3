package dev.vigil.emulators;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** llama-server router mode: PROVIDERS.md §1.3 and §6.2. */
class LlamaRouterTest extends EmulatorTestBase {
    Emulator router(String... flags) {
        String[] base = {"llama-server", "--flavor", "router", "--port", "0", "--router-models", "a,b"};
        String[] args = new String[base.length + flags.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(flags, 0, args, base.length, flags.length);
        return up(args);
    }

    static Map<?, ?> status(Emulator e, String model) {
        for (Object m : (List<?>) get(e, "/v1/models").map().get("data")) {
            if (model.equals(path(m, "id"))) return (Map<?, ?>) path(m, "status");
        }
        throw new AssertionError("no model " + model);
    }

    static Res load(Emulator e, String model) { return post(e, "/models/load", "{\"model\":\"" + model + "\"}"); }

    static Res unload(Emulator e, String model) { return post(e, "/models/unload", "{\"model\":\"" + model + "\"}"); }

    @Test
    void listShape() {
        Emulator e = router();
        Map<String, Object> list = get(e, "/v1/models").map();
        assertEquals("list", list.get("object"));
        Map<?, ?> a = (Map<?, ?>) path(list, "data", 0);
        assertEquals("a", a.get("id"));
        assertEquals("llamacpp", a.get("owned_by"));
        assertEquals("model", a.get("object"));
        assertEquals(Map.of("value", "unloaded"), a.get("status"));
        assertEquals(get(e, "/models").body(), get(e, "/v1/models").body());
        assertEquals("router", get(e, "/props").map().get("role"));
    }

    @Test
    void loadAndUnloadTransitions() {
        Emulator e = router("--load-delay", "1h");
        assertEquals("{\"success\":true}", load(e, "a").body());
        assertEquals("loading", status(e, "a").get("value"));
        Res again = load(e, "a");
        assertEquals(400, again.status());
        assertEquals("model is already running", path(again.json(), "error", "message"));
        e.advance();
        await().until(() -> "loaded".equals(status(e, "a").get("value")));
        assertEquals(400, load(e, "a").status());
        assertEquals(200, unload(e, "a").status());
        assertEquals(Map.of("value", "unloaded"), status(e, "a"));
        Res notRunning = unload(e, "a");
        assertEquals(400, notRunning.status());
        assertEquals("model is not running", path(notRunning.json(), "error", "message"));
        Res unknown = load(e, "zzz");
        assertEquals(404, unknown.status());
        assertEquals("not_found_error", path(unknown.json(), "error", "type"));
        assertEquals("model is not found", path(unload(e, "zzz").json(), "error", "message"));
        assertEquals("model name is missing from the request", path(post(e, "/models/load", "{}").json(), "error", "message"));
    }

    @Test
    void unloadingALoadingModelIsImmediate() {
        Emulator e = router("--load-delay", "1h");
        load(e, "b");
        assertEquals("loading", status(e, "b").get("value"));
        assertEquals(200, unload(e, "b").status());
        assertEquals("unloaded", status(e, "b").get("value"));
        e.advance();
        assertEquals("unloaded", status(e, "b").get("value"), "the killed load does not come back");
    }

    @Test
    void failedLoad() {
        Emulator e = router("--fail-load");
        load(e, "a");
        await().until(() -> Boolean.TRUE.equals(status(e, "a").get("failed")));
        assertEquals("unloaded", status(e, "a").get("value"));
        assertEquals(1L, status(e, "a").get("exit_code"));
        Res r = post(e, "/v1/chat/completions", "{\"model\":\"a\"}");
        assertEquals(500, r.status());
        assertEquals("model name=a failed to load", path(r.json(), "error", "message"));
        assertEquals(200, get(e, "/health").status());
    }

    @Test
    void autoloadBlocksTheRequestThroughTheLoad() {
        Emulator e = router("--load-delay", "1h");
        CompletableFuture<Res> c = postAsync(e, "/v1/chat/completions", "{\"model\":\"b\",\"messages\":[]}");
        await().until(() -> "loading".equals(status(e, "b").get("value")));
        assertFalse(c.isDone());
        e.advance();
        Res r = c.join();
        assertEquals(200, r.status());
        assertEquals("b", r.map().get("model"));
        assertEquals("loaded", status(e, "b").get("value"));
    }

    @Test
    void withoutAutoloadAnUnloadedModelIs400() {
        Emulator e = router("--no-models-autoload");
        assertEquals("model is not loaded", path(post(e, "/v1/chat/completions", "{\"model\":\"a\"}").json(), "error", "message"));
        Emulator auto = router();
        assertEquals(400, post(auto, "/v1/chat/completions?autoload=false", "{\"model\":\"a\"}").status());
        assertEquals("model 'nope' not found", path(post(auto, "/v1/chat/completions", "{\"model\":\"nope\"}").json(), "error", "message"));
        assertEquals(400, post(auto, "/v1/chat/completions", "{}").status());
    }

    @Test
    void crashAfterKillsOneModelAndTheRouterStaysHealthy() {
        Emulator e = router("--crash-after", "10ms", "--crash-model", "b");
        load(e, "b");
        await().until(() -> Boolean.TRUE.equals(status(e, "b").get("failed")));
        assertEquals("unloaded", status(e, "b").get("value"));
        assertEquals(139L, status(e, "b").get("exit_code"));
        assertEquals(200, get(e, "/health").status());
        assertAlive(e);
        load(e, "b");
        await().until(() -> "loaded".equals(status(e, "b").get("value")) || Boolean.TRUE.equals(status(e, "b").get("failed")));
    }

    @Test
    void slotsOfAModelShowItsCompletion() {
        Emulator e = router("--load-on-startup", "a");
        await().until(() -> "loaded".equals(status(e, "a").get("value")));
        assertEquals("model name is missing from the request", path(get(e, "/slots").json(), "error", "message"));
        assertEquals(400, get(e, "/metrics").status());
        e.holdCompletions();
        CompletableFuture<Res> c = postAsync(e, "/v1/chat/completions", "{\"model\":\"a\"}");
        await().until(() -> Boolean.TRUE.equals(path(get(e, "/slots?model=a").json(), 0, "is_processing")));
        e.releaseCompletions();
        assertEquals(200, c.join().status());
        assertEquals(false, path(get(e, "/slots?model=a").json(), 0, "is_processing"));
        assertEquals("a", get(e, "/props?model=a").map().get("model_alias"));
        assertEquals("model is not loaded", path(get(e, "/props?model=b").json(), "error", "message"));
    }

    @Test
    void modelsMaxUnloadsTheLeastRecentlyUsed() {
        Emulator e = up("llama-server", "--flavor", "router", "--port", "0", "--router-models", "a,b,c", "--models-max", "2");
        for (String m : List.of("a", "b")) {
            load(e, m);
            await().until(() -> "loaded".equals(status(e, m).get("value")));
        }
        assertEquals(200, post(e, "/v1/chat/completions", "{\"model\":\"a\"}").status());
        load(e, "c");
        assertEquals("unloaded", status(e, "b").get("value"));
        assertEquals("loaded", status(e, "a").get("value"));
    }

    @Test
    void apiKeyProtectsLoadButNotTheLists() {
        Emulator e = router("--api-key", "k");
        assertEquals(401, load(e, "a").status());
        assertEquals(200, post(e, "/models/load", "{\"model\":\"a\"}", "Authorization", "Bearer k").status());
        assertEquals(200, get(e, "/v1/models").status());
        assertEquals(200, get(e, "/health").status());
    }

    @Test
    void serverSentEventsReportStatusChanges() throws Exception {
        Emulator e = router("--fail-load");
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpResponse<InputStream> sse = CLIENT.send(req(e, "/models/sse").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, sse.statusCode());
        assertEquals("text/event-stream", sse.headers().firstValue("Content-Type").orElse(""));
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(sse.body(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) if (l.startsWith("data: ")) lines.add(l.substring(6));
            } catch (Exception ignored) {
                // closed at the end of the test
            }
        });
        load(e, "a");
        await().until(() -> lines.size() >= 2);
        assertEquals(Json.obj("model", "a", "event", "status_change", "data", Json.obj("status", "loading")), Json.parse(lines.get(0)));
        assertEquals("unloaded", path(Json.parse(lines.get(1)), "data", "status"));
        assertEquals(1L, path(Json.parse(lines.get(1)), "data", "exit_code"));
        e.close();
        reader.join();
    }

    @Test
    void noModelRouterListsNothing() {
        Emulator e = up("llama-server", "--flavor", "router", "--port", "0", "--no-model", "--router-models", "a");
        assertEquals(List.of(), get(e, "/v1/models").map().get("data"));
        assertEquals("none", get(e, "/props").map().get("model_path"));
        assertTrue(e.logLines().toString().contains("0 model(s)"));
    }
}
