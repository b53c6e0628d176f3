package dev.vigil.plugins.kokoro;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A Kokoro server scripted phase by phase, answering byte for byte as PROVIDERS.md §2 and §6.3
 * document each flavor. {@link Phase#LOADING} is "not bound" (all three load before binding).
 */
final class KokoroServer implements AutoCloseable {

    enum Flavor { FASTAPI, HAL0, KOKOROS }

    enum Phase {
        /** Model loading before the bind: TCP refused. */
        LOADING,
        /** Loaded (and, for Kokoro-FastAPI, warmed up). */
        READY,
        /** hal0: the load failed and is never retried; Kokoro-FastAPI: after POST /dev/unload. */
        NO_MODEL,
        /** A proxy or a future server saying "unavailable". */
        UNAVAILABLE,
        /** Broken: every route 500. */
        BROKEN,
        /** /health answers 200 with a body that is not JSON. */
        GARBLED,
        /** accept-silent: the request is read, never answered. */
        HANG
    }

    private final Flavor flavor;
    private final int port;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private volatile Phase phase = Phase.LOADING;
    private volatile String[] health;
    private HttpServer server;

    KokoroServer(Flavor flavor) throws IOException {
        this.flavor = flavor;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            this.port = s.getLocalPort();
        }
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    int port() {
        return port;
    }

    /** Every request so far, as {@code "GET /health"}. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    /** Kokoro-FastAPI's routes, but {@code /health} answering this instead (another server's shape). */
    KokoroServer health(String type, String body) {
        health = new String[] {type, body};
        return this;
    }

    void clearRequests() {
        requests.clear();
    }

    synchronized KokoroServer phase(Phase next) throws IOException {
        phase = next;
        if (next == Phase.LOADING && server != null) {
            server.stop(0);
            server = null;
        } else if (next != Phase.LOADING && server == null) {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
            server.setExecutor(threads);
            server.createContext("/", this::handle);
            server.start();
        }
        return this;
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath()
                + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
        requests.add(ex.getRequestMethod() + " " + path);
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
            case BROKEN -> send(ex, 500, "application/json", "{\"detail\":\"Internal Server Error\"}");
            case GARBLED -> send(ex, 200, "application/json", "{\"status\": ok");
            case READY, NO_MODEL -> route(ex, path, phase == Phase.READY);
            case LOADING -> throw new IllegalStateException("not bound while loading");
        }
    }

    private void route(HttpExchange ex, String path, boolean loaded) throws IOException {
        switch (flavor) {
            case FASTAPI -> {
                // remsky/Kokoro-FastAPI api/src/main.py, routers/openai_compatible.py. /dev/unload leaves /health healthy.
                switch (path) {
                    case "/health" -> send(ex, 200, health == null ? "application/json" : health[0],
                            health == null ? "{\"status\":\"healthy\"}" : health[1]);
                    case "/v1/test" -> send(ex, 200, "application/json", "{\"status\":\"ok\"}");
                    case "/v1/models" -> send(ex, 200, "application/json", "{\"object\":\"list\",\"data\":["
                            + model("tts-1") + "," + model("tts-1-hd") + "," + model("kokoro") + "," + model("gpt-4o-mini-tts") + "]}");
                    case "/v1/audio/voices" -> send(ex, 200, "application/json",
                            "{\"voices\":[{\"id\":\"af_heart\",\"name\":\"af_heart\"},{\"id\":\"af_bella\",\"name\":\"af_bella\"},"
                                    + "{\"id\":\"am_adam\",\"name\":\"am_adam\"}]}");
                    default -> send(ex, 404, "application/json", "{\"detail\":\"Not Found\"}");
                }
            }
            case HAL0 -> {
                // hal0 packaging/toolbox/kokoro/kokoro_server.py
                switch (path) {
                    case "/health" -> send(ex, 200, "application/json", loaded
                            ? "{\"status\":\"ok\",\"model_loaded\":true,\"default_voice\":\"af_bella\"}"
                            : "{\"status\":\"loading\",\"model_loaded\":false,\"default_voice\":\"af_bella\"}");
                    case "/v1/models" -> send(ex, 200, "application/json", loaded
                            ? "{\"data\":[{\"id\":\"kokoro\",\"object\":\"model\",\"owned_by\":\"hexgrad\"}]}"
                            : "{\"data\":[]}");
                    case "/v1/audio/voices" -> send(ex, 200, "application/json",
                            loaded ? "{\"voices\":[\"af_bella\",\"af_sky\"]}" : "{\"voices\":[]}");
                    case "/v1/audio/speech" -> send(ex, 503, "application/json", "{\"detail\":\"model not loaded\"}");
                    default -> send(ex, 404, "application/json", "{\"detail\":\"Not Found\"}");
                }
            }
            case KOKOROS -> {
                // lucasjinreal/Kokoros kokoros-openai/src/lib.rs: GET / → OK, no /health.
                switch (path) {
                    case "/" -> send(ex, 200, "text/plain; charset=utf-8", "OK");
                    case "/v1/audio/voices" -> send(ex, 200, "application/json", "{\"voices\":[\"af_sky\",\"af_bella\",\"am_adam\",\"bf_emma\"]}");
                    default -> send(ex, 404, "text/plain", "");
                }
            }
        }
    }

    private static String model(String id) {
        return "{\"id\":\"" + id + "\",\"object\":\"model\",\"created\":1686935002,\"owned_by\":\"kokoro\"}";
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
