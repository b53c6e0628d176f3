package dev.vigil.emulators;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** llama-server single-model flavors: PROVIDERS.md §1.2 and §6.2. */
class LlamaServerTest extends EmulatorTestBase {
    static final String LOADING = ProbeTableTest.LOADING;
    static final String NOT_FOUND = "{\"error\":{\"message\":\"File Not Found\",\"type\":\"not_found_error\",\"code\":404}}";
    static final String BAD_KEY = "{\"error\":{\"message\":\"Invalid API Key\",\"type\":\"authentication_error\",\"code\":401}}";
    static final String CHAT = "{\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}";

    Emulator ready(String... flags) {
        String[] args = new String[flags.length + 3];
        args[0] = "llama-server";
        args[1] = "--port";
        args[2] = "0";
        System.arraycopy(flags, 0, args, 3, flags.length);
        Emulator e = up(args);
        await().until(() -> e.phase() == Emulator.Phase.READY);
        return e;
    }

    @Test
    void whileLoadingEveryRouteIs503WithAnyAuth() {
        Emulator e = up("llama-server", "--port", "0", "--load-delay", "1h", "--api-key", "k");
        for (String p : List.of("/health", "/v1/health", "/v1/models", "/models", "/props", "/slots", "/metrics", "/nope")) {
            Res r = get(e, p);
            assertEquals(503, r.status(), p);
            assertEquals(LOADING, r.body(), p);
            assertEquals("application/json; charset=utf-8", r.type());
        }
        assertEquals(503, post(e, "/v1/chat/completions", CHAT).status());
        assertEquals(503, post(e, "/v1/chat/completions", CHAT, "Authorization", "Bearer wrong").status());
        assertEquals(503, post(e, "/v1/chat/completions", CHAT, "X-Api-Key", "k").status());
        for (String p : List.of("/", "/index.html")) {
            Res r = get(e, p);
            assertEquals(503, r.status());
            assertTrue(r.type().startsWith("text/html"), r.type());
        }
        assertEquals(Emulator.Phase.LOADING, e.phase());
    }

    @Test
    void preRouterLetsTheModelListsThroughWhileLoading() {
        Emulator e = up("llama-server", "--flavor", "single-preRouter", "--port", "0", "--load-delay", "1h", "-m", "/m/x.gguf");
        for (String p : List.of("/models", "/v1/models", "/api/tags")) {
            Res r = get(e, p);
            assertEquals(200, r.status(), p);
            assertEquals(1, ((List<?>) r.map().get("data")).size());
            assertNull(path(r.json(), "data", 0, "meta"));
            assertEquals("/m/x.gguf", path(r.json(), "data", 0, "id"), "older builds: the id is the path");
        }
        assertEquals(LOADING, get(e, "/health").body());
        e.advance();
        await().until(() -> get(e, "/health").status() == 200);
        assertTrue(path(get(e, "/v1/models").json(), "data", 0, "meta") instanceof Map);
    }

    @Test
    void legacy2024Bodies() {
        Emulator e = up("llama-server", "--flavor", "legacy2024", "--port", "0", "--load-delay", "1h");
        assertEquals("{\"status\":\"loading model\"}", get(e, "/health").body());
        assertEquals(503, get(e, "/v1/models").status());
        e.advance();
        await().until(() -> get(e, "/health").status() == 200);
        assertEquals("{\"status\":\"ok\",\"slots_idle\":1,\"slots_processing\":0}", get(e, "/health").body());
        e.holdCompletions();
        CompletableFuture<Res> c = postAsync(e, "/completion", "{\"prompt\":\"a b\"}");
        await().until(() -> get(e, "/health").body().contains("\"slots_processing\":1"));
        Res busy = get(e, "/health?fail_on_no_slot=1");
        assertEquals(503, busy.status());
        assertEquals("no slot available", busy.map().get("status"));
        e.releaseCompletions();
        assertEquals(200, c.join().status());
    }

    @Test
    void legacy2024FailedLoadStaysUpWith500() {
        Emulator e = up("llama-server", "--flavor", "legacy2024", "--port", "0", "--fail-load");
        await().until(() -> e.phase() == Emulator.Phase.ERROR);
        Res h = get(e, "/health");
        assertEquals(500, h.status());
        assertEquals("{\"status\":\"error\"}", h.body());
        assertAlive(e);
    }

    @Test
    void failLoadTakesAnExitCode() {
        Emulator e = start("llama-server", "--port", "0", "--fail-load", "7");
        assertExited(e, 7);
    }

    @Test
    void readyEndpoints() {
        Emulator e = ready("--alias", "my-model", "--parallel", "2", "--ctx-size", "8192");
        assertEquals("{\"status\":\"ok\"}", get(e, "/health").body());
        assertEquals("{\"status\":\"ok\"}", get(e, "/v1/health").body());
        Object models = get(e, "/v1/models").json();
        assertEquals("list", path(models, "object"));
        assertEquals(1, ((List<?>) path(models, "data")).size());
        assertEquals("my-model", path(models, "data", 0, "id"));
        assertEquals("llamacpp", path(models, "data", 0, "owned_by"));
        assertEquals(8192L, path(models, "data", 0, "meta", "n_ctx_train"));
        Map<String, Object> props = get(e, "/props").map();
        assertEquals(2L, props.get("total_slots"));
        assertEquals("models/emulated-7b-q4_k_m.gguf", props.get("model_path"));
        assertEquals(false, props.get("is_sleeping"));
        assertEquals(4096L, path(props, "default_generation_settings", "n_ctx"));
        for (String k : List.of("model_alias", "modalities", "endpoint_slots", "endpoint_props", "endpoint_metrics", "webui",
                "chat_template", "bos_token", "eos_token", "build_info")) {
            assertTrue(props.containsKey(k), k);
        }
        List<?> slots = (List<?>) get(e, "/slots").json();
        assertEquals(2, slots.size());
        for (String k : List.of("id", "id_task", "n_ctx", "speculative", "is_processing", "params", "next_token")) {
            assertTrue(((Map<?, ?>) slots.get(0)).containsKey(k), k);
        }
        assertEquals(501, get(e, "/metrics").status());
        assertTrue(get(e, "/metrics").body().contains("Start it with `--metrics`"));
        Res nf = get(e, "/nope");
        assertEquals(404, nf.status());
        assertEquals(NOT_FOUND, nf.body());
        assertEquals(200, get(e, "/").status());
        assertEquals(501, post(e, "/v1/embeddings", "{}").status());
    }

    @Test
    void newFlavorNamesTheModelByItsFileName() {
        Emulator e = ready("-m", "/models/qwen.gguf");
        assertEquals("qwen.gguf", path(get(e, "/v1/models").json(), "data", 0, "id"));
        assertTrue(get(e, "/v1/models").map().containsKey("models"));
    }

    @Test
    void chatCompletionPlainAndStreamed() {
        Emulator e = ready();
        Map<String, Object> r = post(e, "/v1/chat/completions", CHAT).map();
        assertTrue(((String) r.get("id")).startsWith("chatcmpl-"));
        assertEquals("chat.completion", r.get("object"));
        assertEquals("x", path(r, "choices", 0, "message", "content"));
        assertEquals("assistant", path(r, "choices", 0, "message", "role"));
        assertEquals("length", path(r, "choices", 0, "finish_reason"));
        assertEquals(1L, path(r, "usage", "completion_tokens"));
        assertEquals(2L, path(r, "usage", "prompt_tokens"));
        assertTrue(r.containsKey("timings") && r.containsKey("created") && r.containsKey("model"));
        Res s = post(e, "/v1/chat/completions", "{\"stream\":true,\"messages\":[]}");
        assertEquals("text/event-stream", s.type());
        assertTrue(s.body().startsWith("data: {"));
        assertTrue(s.body().endsWith("data: [DONE]\n\n"));
        assertTrue(s.body().contains("\"content\":\"x\""));
        assertEquals("x", post(e, "/completion", "{\"prompt\":\"hi\"}").map().get("content"));
        assertEquals("text_completion", post(e, "/v1/completions", "{\"prompt\":\"hi\"}").map().get("object"));
        assertEquals(400, post(e, "/v1/chat/completions", "{not json").status());
    }

    @Test
    void apiKey(@TempDir Path dir) throws Exception {
        Path keyFile = Files.writeString(dir.resolve("keys"), "fromfile\n");
        Emulator e = ready("--api-key", "k1,k2", "--api-key-file", keyFile.toString());
        Res none = post(e, "/v1/chat/completions", CHAT);
        assertEquals(401, none.status());
        assertEquals(BAD_KEY, none.body());
        assertEquals(401, post(e, "/v1/chat/completions", CHAT, "Authorization", "Bearer nope").status());
        assertEquals(401, get(e, "/props").status());
        assertEquals(401, get(e, "/nope").status(), "the key middleware runs before routing");
        assertEquals(200, post(e, "/v1/chat/completions", CHAT, "Authorization", "Bearer k1").status());
        assertEquals(200, post(e, "/v1/chat/completions", CHAT, "X-Api-Key", "k2").status());
        assertEquals(200, get(e, "/props", "X-Api-Key", "fromfile").status());
        assertEquals(404, get(e, "/nope", "X-Api-Key", "k1").status());
        for (String p : List.of("/health", "/v1/health", "/v1/models", "/models", "/")) assertEquals(200, get(e, p).status(), p);
        assertEquals(200, send(req(e, "/v1/chat/completions").method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody()).build()).status());
    }

    @Test
    void slotsShowIsProcessingDuringACompletion() {
        Emulator e = ready("--metrics");
        e.holdCompletions();
        CompletableFuture<Res> c = postAsync(e, "/v1/chat/completions", CHAT);
        await().until(() -> Boolean.TRUE.equals(path(get(e, "/slots").json(), 0, "is_processing")));
        assertFalse(c.isDone());
        Res busy = get(e, "/slots?fail_on_no_slot=1");
        assertEquals(503, busy.status());
        assertEquals("no slot available", path(busy.json(), "error", "message"));
        Res metrics = get(e, "/metrics");
        assertTrue(metrics.body().contains("llamacpp:requests_processing 1"), metrics.body());
        assertTrue(metrics.body().contains("llamacpp:requests_deferred 0"));
        assertTrue(metrics.type().startsWith("text/plain; version=0.0.4"));
        assertTrue(metrics.headers().firstValue("Process-Start-Time-Unix").isPresent());
        e.releaseCompletions();
        assertEquals(200, c.join().status());
        assertEquals(false, path(get(e, "/slots").json(), 0, "is_processing"));
        assertEquals(200, get(e, "/slots?fail_on_no_slot=1").status());
        assertTrue(get(e, "/metrics").body().contains("llamacpp:requests_processing 0"));
    }

    @Test
    void streamedCompletionHoldsItsSlotUntilDone() {
        Emulator e = ready();
        e.holdCompletions();
        CompletableFuture<Res> c = postAsync(e, "/v1/chat/completions", "{\"stream\":true}");
        await().until(() -> Boolean.TRUE.equals(path(get(e, "/slots").json(), 0, "is_processing")));
        e.releaseCompletions();
        assertTrue(c.join().body().endsWith("data: [DONE]\n\n"));
        await().until(() -> Boolean.FALSE.equals(path(get(e, "/slots").json(), 0, "is_processing")));
    }

    @Test
    void completionTimeKnobKeepsTheSlotBusy() {
        Emulator e = ready("--completion-time", "1h");
        CompletableFuture<Res> c = postAsync(e, "/v1/chat/completions", CHAT);
        await().until(() -> Boolean.TRUE.equals(path(get(e, "/slots").json(), 0, "is_processing")));
        assertFalse(c.isDone());
        e.advance(); // cut the completion time short
        assertEquals(200, c.join().status());
        assertEquals(false, path(get(e, "/slots").json(), 0, "is_processing"));
    }

    @Test
    void noSlotsAnswers501() {
        Emulator e = ready("--no-slots");
        Res r = get(e, "/slots");
        assertEquals(501, r.status());
        assertEquals("not_supported_error", path(r.json(), "error", "type"));
    }

    @Test
    void sleepAfterSetsIsSleepingAndHealthStaysOk() {
        Emulator e = ready("--sleep-after", "100ms");
        await().until(() -> Boolean.TRUE.equals(get(e, "/props").map().get("is_sleeping")));
        assertEquals(200, get(e, "/health").status());
        assertEquals(200, post(e, "/v1/chat/completions", CHAT).status());
        assertTrue(e.logLines().toString().contains("waking from sleep"));
    }

    @Test
    void crashKnobs() {
        assertExited(start("llama-server", "--port", "0", "--crash-after", "0"), 137);
        assertExited(start("llama-server", "--port", "0", "--crash-after", "1ms", "--crash-rc", "134"), 134);
        assertExited(start("llama-server", "--port", "0", "--crash-after", "1ms", "--crash-signal", "SEGV"), 139);
    }

    @Test
    void logReadyPrintsTheRealLines() {
        Emulator e = ready("--log-ready");
        List<String> lines = e.logLines();
        int loaded = lines.indexOf("[stderr] main: model loaded");
        int listening = lines.indexOf("[stderr] main: server is listening on http://127.0.0.1:" + e.port() + " - starting the main loop");
        assertTrue(loaded >= 0 && listening == loaded + 1, lines.toString());
    }
}
