package dev.vigil.plugins.moonshine;

/**
 * Which Moonshine server answers, with the names PROVIDERS.md §6.4 gives them. Upstream Moonshine
 * ships no HTTP server (§3.1).
 */
enum Flavor {
    /** Detect from the answers: a {@code /health} with {@code model_loaded} is hal0's; any other 200 is speaches-style. */
    AUTO("auto", "a Moonshine server", 0),
    /** hal0's moonshine_server.py: loads before it binds; {@code /health} carries {@code model_loaded}. Port 8089. */
    HAL0("hal0", "hal0's moonshine_server.py", 8089),
    /** speaches-style: binds at once, loads lazily; {@code /api/ps} lists the loaded models. Port 8000. */
    SPEACHES("speaches", "speaches", 8000);

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
