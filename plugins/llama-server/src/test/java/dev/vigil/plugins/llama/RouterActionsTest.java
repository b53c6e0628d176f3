package dev.vigil.plugins.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.engine.spi.ActionResult;
import dev.vigil.engine.spi.Probe;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The router's load and unload actions against a small router of the test's own (PROVIDERS.md §1.3):
 * POST /models/load answers at once, the model's status changes come on /models/sse.
 */
class RouterActionsTest {

    private HttpServer server;
    private final Map<String, String> status = new ConcurrentHashMap<>(Map.of("qwen", "unloaded", "bad", "unloaded", "busy", "loaded"));
    private final List<BlockingQueue<String>> streams = new CopyOnWriteArrayList<>();
    private Probe probe;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/models/sse", this::sse);
        server.createContext("/models/load", x -> post(x, true));
        server.createContext("/models/unload", x -> post(x, false));
        server.createContext("/models", x -> {
            StringBuilder data = new StringBuilder();
            status.forEach((m, s) -> data.append(data.isEmpty() ? "" : ",").append("{\"id\":\"").append(m).append("\",\"status\":{\"value\":\"")
                    .append(s).append("\"}}"));
            answer(x, 200, "{\"data\":[" + data + "],\"object\":\"list\"}");
        });
        server.start();
        probe = new LlamaServerProvider().create(MapConfig.of("url", "http://127.0.0.1:" + server.getAddress().getPort(), "flavor", "router"),
                new TestContext(InstantSource.system(), List.of()));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void sse(HttpExchange x) throws IOException {
        BlockingQueue<String> q = new LinkedBlockingQueue<>();
        streams.add(q);
        x.getResponseHeaders().add("Content-Type", "text/event-stream");
        x.sendResponseHeaders(200, 0);
        try (OutputStream out = x.getResponseBody()) {
            out.flush();
            while (true) {
                out.write(("data: " + q.take() + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException | IOException gone) {
            // the client hung up
        } finally {
            streams.remove(q);
        }
    }

    /** Like the router: the answer comes at once, the status changes after it, on the stream. */
    private void post(HttpExchange x, boolean load) throws IOException {
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String model = body.replaceAll(".*\"model\":\"([^\"]*)\".*", "$1");
        String now = status.get(model);
        if (now == null) {
            answer(x, load ? 404 : 400, "{\"error\":{\"code\":404,\"message\":\"model is not found\"}}");
        } else if (load && !now.equals("unloaded")) {
            answer(x, 400, "{\"error\":{\"code\":400,\"message\":\"model is already running\"}}");
        } else if (!load && now.equals("unloaded")) {
            answer(x, 400, "{\"error\":{\"code\":400,\"message\":\"model is not running\"}}");
        } else {
            answer(x, 200, "{\"success\":true}");
            if (load) {
                change(model, "loading", null);
                if (model.equals("bad")) change(model, "unloaded", 1);
                else change(model, "loaded", null);
            } else {
                change(model, "unloaded", 0);
            }
        }
    }

    private void change(String model, String value, Integer exit) {
        status.put(model, value);
        String event = "{\"model\":\"" + model + "\",\"event\":\"status_change\",\"data\":{\"status\":\"" + value + "\""
                + (exit == null ? "" : ",\"exit_code\":" + exit) + "}}";
        streams.forEach(q -> q.add(event));
    }

    private static void answer(HttpExchange x, int code, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(code, b.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(b);
        }
    }

    private ActionResult act(String action, String model) throws Exception {
        return probe.act(action, model == null ? Map.of() : Map.of("model", model), Instant.now().plusSeconds(30));
    }

    @Test
    void aRouter_offersLoadAndUnload() {
        assertEquals(Set.of("load", "unload"), probe.actions());
    }

    @Test
    void load_waitsForLoaded_thenUnloadForUnloaded() throws Exception {
        assertEquals(new ActionResult.Done("model qwen loaded"), act("load", "qwen"));
        assertEquals("loaded", status.get("qwen"));
        assertEquals(new ActionResult.Done("model qwen unloaded"), act("unload", "qwen"));
    }

    @Test
    void aFailedLoad_isFailedWithTheRoutersExitCode() throws Exception {
        assertEquals(new ActionResult.Failed("model bad failed to load (exit_code 1)"), act("load", "bad"));
    }

    @Test
    void idempotent_loadingALoadedModelIsDone_unloadingAnUnloadedOneToo() throws Exception {
        assertEquals(new ActionResult.Done("model busy loaded"), act("load", "busy"));
        assertEquals(new ActionResult.Done("model qwen is not running"), act("unload", "qwen"));
    }

    @Test
    void wrongRequests_areFailedWithAReason() throws Exception {
        assertEquals(new ActionResult.Failed("the router has no model \"nope\""), act("load", "nope"));
        assertEquals(new ActionResult.Failed("param model is required (the router's model id)"), act("load", null));
        assertEquals(new ActionResult.Failed("llama-server has no action \"reload\" (it has load, unload)"), act("reload", "qwen"));
    }
}
