package dev.vigil.plugins.kokoro;

/**
 * Which Kokoro server answers, with the names PROVIDERS.md §6.3 gives them.
 *
 * <p>All three load their model before they bind, so "refused" means "loading" for each of them.
 */
enum Flavor {
    /** Detect from the answers: {@code /health} with {@code model_loaded} is hal0's, other {@code /health} is Kokoro-FastAPI's, none (404) with {@code GET /} 200 is Kokoros. */
    AUTO("auto", "a Kokoro server", 0),
    /** remsky/Kokoro-FastAPI: {@code /health} → {@code {"status":"healthy"}} once warmed up. Port 8880. */
    FASTAPI("fastapi", "Kokoro-FastAPI", 8880),
    /** hal0's kokoro_server.py (kokoro-onnx): {@code /health} carries {@code model_loaded}. Port 8090. */
    HAL0("hal0", "hal0's kokoro_server.py", 8090),
    /** lucasjinreal/Kokoros (Rust): no {@code /health}, {@code GET /} → 200 {@code OK}. Port 3000. */
    KOKOROS("kokoros", "Kokoros", 3000);

    private final String key;
    private final String server;
    private final int defaultPort;

    Flavor(String key, String server, int defaultPort) {
        this.key = key;
        this.server = server;
        this.defaultPort = defaultPort;
    }

    /** The value written in {@code flavor = "..."}. */
    String key() {
        return key;
    }

    /** The server's name, for people. */
    String server() {
        return server;
    }

    /** The port the server listens on by default; 0 for {@link #AUTO}, which has none. */
    int defaultPort() {
        return defaultPort;
    }
}
