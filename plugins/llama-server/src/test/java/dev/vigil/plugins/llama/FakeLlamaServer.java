package dev.vigil.plugins.llama;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * An in-test llama-server, driven phase by phase, answering with the statuses and bodies that
 * PROVIDERS.md §1.2 (single model), §1.3 (router) and §6.2 (emulator spec) give for the real one.
 * Before {@link #bind()} and after {@link #unbind()} its port refuses connections.
 */
final class FakeLlamaServer implements AutoCloseable {

    /** What the server is doing. */
    enum Phase {
        /** NEW builds: the middleware answers 503 on every route while loading. */
        LOADING,
        /** Pre-router builds: like LOADING, but /models, /v1/models and /api/tags pass with meta null. */
        LOADING_PRE_ROUTER,
        /** Early-2024 builds: /health 503 {"status":"loading model"}. */
        LOADING_LEGACY,
        READY,
        /** Early-2024 builds: /health 200 with slots_idle and slots_processing. */
        READY_LEGACY,
        /** Early-2024 builds: the model failed and the server stayed up with /health 500. */
        ERROR_LEGACY,
        /** Router mode (§1.3): /health 200 at once; /v1/models lists {@link #routerModels}. */
        ROUTER
    }

    /** One request as received. */
    record Seen(String method, String pathAndQuery, String authorization, String xApiKey) {}

    static final String LOADING_BODY = "{\"error\":{\"message\":\"Loading model\",\"type\":\"unavailable_error\",\"code\":503}}";
    private static final Set<String> PUBLIC = Set.of("/health", "/v1/health", "/models", "/v1/models", "/");

    private final int port;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private HttpServer server;

    volatile Phase phase = Phase.LOADING;
    volatile String modelId = "qwen3-0.6b-q8_0.gguf";
    volatile String apiKey;
    volatile boolean slotsEndpoint = true;
    /** is_processing of each slot. */
    volatile boolean[] slots = {false, false};
    volatile boolean modelsEndpoint = true;
    /** Router models: id → status object (JSON text); insertion order kept. */
    final Map<String, String> routerModels = Collections.synchronizedMap(new LinkedHashMap<>());
    /** Router models: id → is_processing of each of its slots. */
    final Map<String, boolean[]> routerSlots = Collections.synchronizedMap(new LinkedHashMap<>());
    /** A path whose requests never get an answer (until close); null for none. */
    volatile String hangOn;
    /** Counted down when a request reaches {@link #hangOn}. */
    volatile CountDownLatch hanging = new CountDownLatch(1);
    /** When set, /health answers 500 with this error message instead. */
    volatile String failWith;

    private FakeLlamaServer(int port) {
        this.port = port;
    }

    /** A server whose port is chosen but not bound yet: connections are refused. */
    static FakeLlamaServer unbound() {
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return new FakeLlamaServer(probe.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    int port() {
        return port;
    }

    /** §1.1 step 3: the socket is bound before the model loads. */
    FakeLlamaServer bind() {
        try {
            server = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
        return this;
    }

    /** The process is gone: refused again. */
    void unbind() {
        if (server != null) server.stop(0);
        server = null;
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    List<String> paths() {
        return seen.stream().map(Seen::pathAndQuery).toList();
    }

    void forget() {
        seen.clear();
    }

    void routerModel(String id, String status) {
        routerModels.put(id, status);
    }

    @Override
    public void close() {
        release.countDown();
        unbind();
        threads.shutdownNow();
    }

    private void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getRawPath();
        String query = x.getRequestURI().getRawQuery();
        seen.add(new Seen(x.getRequestMethod(), query == null ? path : path + "?" + query,
                x.getRequestHeaders().getFirst("Authorization"), x.getRequestHeaders().getFirst("X-Api-Key")));
        x.getRequestBody().readAllBytes();
        if (path.equals(hangOn)) {
            hanging.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            x.close();
            return;
        }
        Phase now = phase;
        switch (now) {
            case LOADING, LOADING_PRE_ROUTER, LOADING_LEGACY -> loading(x, now, path);
            case ERROR_LEGACY -> send(x, path.equals("/health") ? 500 : 404,
                    path.equals("/health") ? "{\"status\":\"error\"}" : notFound());
            case READY, READY_LEGACY -> ready(x, now, path);
            case ROUTER -> router(x, path, query);
        }
    }

    /** §1.2 loading rows: the state middleware runs before the key check, so any auth gets 503. */
    private void loading(HttpExchange x, Phase now, String path) throws IOException {
        if (now == Phase.LOADING_PRE_ROUTER && (path.equals("/v1/models") || path.equals("/models"))) {
            send(x, 200, "{\"models\":[{\"name\":\"" + modelId + "\"}],\"object\":\"list\",\"data\":[{\"id\":\"" + modelId
                    + "\",\"object\":\"model\",\"created\":1760000000,\"owned_by\":\"llamacpp\",\"meta\":null}]}");
        } else if (now == Phase.LOADING_LEGACY) {
            send(x, 503, "{\"status\":\"loading model\"}");
        } else if (path.equals("/") || path.endsWith(".html")) {
            send(x, 503, "text/html", "<html><body>Loading model</body></html>");
        } else {
            send(x, 503, LOADING_BODY);
        }
    }

    private void ready(HttpExchange x, Phase now, String path) throws IOException {
        if (!authorised(x, path)) return;
        if (failWith != null && path.equals("/health")) {
            send(x, 500, "{\"error\":{\"message\":\"" + failWith + "\",\"type\":\"server_error\",\"code\":500}}");
            return;
        }
        switch (path) {
            case "/health", "/v1/health" -> send(x, 200, now == Phase.READY_LEGACY
                    ? "{\"status\":\"ok\",\"slots_idle\":" + (slots.length - processing(slots)) + ",\"slots_processing\":"
                            + processing(slots) + "}"
                    : "{\"status\":\"ok\"}");
            case "/v1/models", "/models" -> {
                if (!modelsEndpoint) {
                    send(x, 404, notFound());
                    return;
                }
                send(x, 200, "{\"object\":\"list\",\"data\":[{\"id\":\"" + modelId + "\",\"object\":\"model\",\"created\":1760000000,"
                        + "\"owned_by\":\"llamacpp\",\"meta\":{\"vocab_type\":2,\"n_vocab\":151936,\"n_ctx_train\":40960,"
                        + "\"n_embd\":1024,\"n_params\":596049920,\"size\":633000000}}]}");
            }
            case "/props" -> send(x, 200, "{\"default_generation_settings\":{\"n_ctx\":4096},\"total_slots\":" + slots.length
                    + ",\"model_alias\":\"" + modelId + "\",\"model_path\":\"/models/" + modelId + "\",\"is_sleeping\":false}");
            case "/slots" -> {
                if (!slotsEndpoint) {
                    send(x, 501, "{\"error\":{\"code\":501,\"message\":\"This server does not support slots endpoint. "
                            + "Start it with `--slots`\",\"type\":\"not_supported_error\"}}");
                    return;
                }
                send(x, 200, slotsJson(slots));
            }
            default -> send(x, 404, notFound());
        }
    }

    /** §1.3: the router is up at once; per-model state lives in /v1/models. */
    private void router(HttpExchange x, String path, String query) throws IOException {
        if (!authorised(x, path)) return;
        switch (path) {
            case "/health", "/v1/health" -> send(x, 200, "{\"status\":\"ok\"}");
            case "/v1/models", "/models" -> {
                String data;
                synchronized (routerModels) {
                    data = routerModels.entrySet().stream()
                            .map(e -> "{\"id\":\"" + e.getKey() + "\",\"aliases\":[],\"tags\":[],\"object\":\"model\","
                                    + "\"owned_by\":\"llamacpp\",\"created\":1760000000,\"status\":" + e.getValue()
                                    + ",\"source\":\"models_dir\",\"can_remove\":false}")
                            .collect(Collectors.joining(","));
                }
                send(x, 200, "{\"data\":[" + data + "],\"object\":\"list\"}");
            }
            case "/props" -> send(x, 200, "{\"role\":\"router\",\"max_instances\":4,\"models_autoload\":true,"
                    + "\"model_alias\":\"llama-server\",\"model_path\":\"none\"}");
            case "/slots" -> {
                Map<String, String> params = params(query);
                String model = params.get("model");
                if (model == null) {
                    send(x, 400, error(400, "model name is missing from the request", "invalid_request_error"));
                    return;
                }
                String status = routerModels.get(model);
                if (status == null) {
                    send(x, 400, error(400, "model '" + model + "' not found", "invalid_request_error"));
                } else if (!status.contains("\"loaded\"")) {
                    // with autoload=false; with autoload the real router would start loading it
                    send(x, 400, error(400, "model is not loaded", "invalid_request_error"));
                } else {
                    send(x, 200, slotsJson(routerSlots.getOrDefault(model, new boolean[] {false})));
                }
            }
            default -> send(x, 404, notFound());
        }
    }

    /** §1.2 "Auth": only the public routes skip the key check. */
    private boolean authorised(HttpExchange x, String path) throws IOException {
        String key = apiKey;
        if (key == null || PUBLIC.contains(path)) return true;
        String bearer = x.getRequestHeaders().getFirst("Authorization");
        String header = x.getRequestHeaders().getFirst("X-Api-Key");
        if (("Bearer " + key).equals(bearer) || key.equals(header)) return true;
        send(x, 401, "{\"error\":{\"message\":\"Invalid API Key\",\"type\":\"authentication_error\",\"code\":401}}");
        return false;
    }

    private static String slotsJson(boolean[] processing) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < processing.length; i++) {
            items.add("{\"id\":" + i + ",\"id_task\":" + (processing[i] ? 7 : -1) + ",\"n_ctx\":4096,\"speculative\":false,"
                    + "\"is_processing\":" + processing[i] + ",\"params\":{\"n_predict\":-1},\"next_token\":{\"has_next_token\":"
                    + processing[i] + ",\"has_new_line\":false,\"n_remain\":-1,\"n_decoded\":0}}");
        }
        return "[" + String.join(",", items) + "]";
    }

    private static int processing(boolean[] slots) {
        int n = 0;
        for (boolean b : slots) if (b) n++;
        return n;
    }

    private static String notFound() {
        return error(404, "File Not Found", "not_found_error");
    }

    private static String error(int code, String message, String type) {
        return "{\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\",\"type\":\"" + type + "\"}}";
    }

    private static Map<String, String> params(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        if (query == null) return params;
        Arrays.stream(query.split("&")).map(p -> p.split("=", 2)).forEach(p -> params.put(
                URLDecoder.decode(p[0], StandardCharsets.UTF_8), p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : ""));
        return params;
    }

    private static void send(HttpExchange x, int status, String json) throws IOException {
        send(x, status, "application/json; charset=utf-8", json);
    }

    private static void send(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }
}
