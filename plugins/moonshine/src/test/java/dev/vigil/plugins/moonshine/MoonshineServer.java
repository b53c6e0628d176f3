package dev.vigil.plugins.moonshine;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * A Moonshine server scripted phase by phase, answering as PROVIDERS.md §3 and §6.4 document:
 * hal0's moonshine_server.py, or speaches (binds at once, {@code /api/ps} lists loaded models, an
 * optional bearer API key on everything but {@code /health}).
 */
final class MoonshineServer implements AutoCloseable {

    enum Flavor { HAL0, SPEACHES }

    enum Phase {
        /** Not bound: hal0 loads before the bind; speaches before it has bound. */
        DOWN,
        /** Bound. hal0: model loaded. speaches: /api/ps lists {@link #load}ed models. */
        UP,
        /** hal0 only: bound after a failed load, {@code model_loaded:false} for good. */
        NO_MODEL,
        /** Every route 503. */
        UNAVAILABLE,
        /** The health-503 hang of PROVIDERS.md §6.1: only {@code /health} answers 503, the rest as {@link #UP}. */
        HEALTH_503,
        /** Every route 500. */
        BROKEN,
        /** accept-silent: the request is read, never answered. */
        HANG
    }

    private final Flavor flavor;
    private final int port;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Set<String> loaded = new CopyOnWriteArraySet<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private volatile Phase phase = Phase.DOWN;
    private volatile String apiKey;
    private volatile boolean hasPs = true;
    private volatile String lastAuthorization;
    private HttpServer server;

    MoonshineServer(Flavor flavor) throws IOException {
        this.flavor = flavor;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            this.port = s.getLocalPort();
        }
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    List<String> requests() {
        return List.copyOf(requests);
    }

    void clearRequests() {
        requests.clear();
    }

    /** speaches: as if {@code POST /api/ps/{id}} (or a first transcription) had loaded it. */
    MoonshineServer load(String id) {
        loaded.add(id);
        return this;
    }

    /** speaches: as if {@code DELETE /api/ps/{id}}. */
    MoonshineServer unload(String id) {
        loaded.remove(id);
        return this;
    }

    /** speaches: require {@code Authorization: Bearer key} (speaches' {@code verify_api_key}). */
    MoonshineServer apiKey(String key) {
        apiKey = key;
        return this;
    }

    /** speaches before {@code /api/ps} existed (faster-whisper-server). */
    MoonshineServer withoutPs() {
        hasPs = false;
        return this;
    }

    String lastAuthorization() {
        return lastAuthorization;
    }

    synchronized MoonshineServer phase(Phase next) throws IOException {
        phase = next;
        if (next == Phase.DOWN && server != null) {
            server.stop(0);
            server = null;
        } else if (next != Phase.DOWN && server == null) {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
            server.setExecutor(threads);
            server.createContext("/", this::handle);
            server.start();
        }
        return this;
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        requests.add(ex.getRequestMethod() + " " + path);
        lastAuthorization = ex.getRequestHeaders().getFirst("Authorization");
        switch (phase) {
            case HANG -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ex.close();
            }
            case UNAVAILABLE -> send(ex, 503, "application/json", "{\"detail\":\"Service Unavailable\"}");
            case BROKEN -> send(ex, 500, "application/json", "{\"detail\":\"Internal server error\"}");
            case HEALTH_503 -> {
                if (path.equals("/health")) {
                    if (flavor == Flavor.SPEACHES) send(ex, 503, "text/plain; charset=utf-8", "Service Unavailable");
                    else send(ex, 503, "application/json", "{\"detail\":\"Service Unavailable\"}");
                } else if (flavor == Flavor.HAL0) {
                    hal0(ex, path, true);
                } else {
                    speaches(ex, path);
                }
            }
            case UP, NO_MODEL -> {
                if (flavor == Flavor.HAL0) hal0(ex, path, phase == Phase.UP);
                else speaches(ex, path);
            }
            case DOWN -> throw new IllegalStateException("not bound");
        }
    }

    /** hal0 packaging/toolbox/moonshine/moonshine_server.py, arch small_streaming. */
    private static void hal0(HttpExchange ex, String path, boolean loaded) throws IOException {
        switch (path) {
            case "/health" -> send(ex, 200, "application/json", loaded
                    ? "{\"status\":\"ok\",\"model_loaded\":true,\"model_arch\":\"small_streaming\",\"model_id\":\"moonshine-small_streaming-en\"}"
                    : "{\"status\":\"loading\",\"model_loaded\":false,\"model_arch\":null,\"model_id\":null}");
            case "/v1/models" -> send(ex, 200, "application/json", loaded
                    ? "{\"data\":[{\"id\":\"moonshine-small_streaming-en\",\"object\":\"model\",\"owned_by\":\"moonshine\"}]}"
                    : "{\"data\":[]}");
            case "/v1/audio/transcriptions" -> send(ex, 503, "application/json", "{\"detail\":\"model not loaded\"}");
            default -> send(ex, 404, "application/json", "{\"detail\":\"Not Found\"}");
        }
    }

    /** speaches-ai/speaches routers/misc.py: /health public, the rest behind the key when one is set. */
    private void speaches(HttpExchange ex, String path) throws IOException {
        if (path.equals("/health")) {
            send(ex, 200, "text/plain; charset=utf-8", "OK");
            return;
        }
        String key = apiKey;
        if (key != null) {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth == null) {
                send(ex, 403, "application/json",
                        "{\"detail\":\"API key required. Please provide an API key using the Authorization header with Bearer scheme.\"}");
                return;
            }
            if (!auth.equals("Bearer " + key)) {
                send(ex, 403, "application/json", "{\"detail\":\"Invalid API key. The provided API key is incorrect.\"}");
                return;
            }
        }
        if (path.equals("/api/ps") && hasPs) {
            String ids = loaded.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(","));
            send(ex, 200, "application/json", "{\"models\":[" + ids + "]}");
        } else if (path.equals("/v1/models")) {
            send(ex, 200, "application/json",
                    "{\"data\":[{\"id\":\"Systran/faster-whisper-small\",\"object\":\"model\"},{\"id\":\"UsefulSensors/moonshine-base\",\"object\":\"model\"}],\"object\":\"list\"}");
        } else {
            send(ex, 404, "application/json", "{\"detail\":\"Not Found\"}");
        }
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (var out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public synchronized void close() {
        release.countDown();
        if (server != null) server.stop(0);
        threads.shutdownNow();
    }
}
