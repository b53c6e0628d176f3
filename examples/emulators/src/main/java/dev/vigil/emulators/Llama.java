package dev.vigil.emulators;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** What llama-server's single-model and router modes share: flags, auth, error envelopes. */
final class Llama {
    static final String JSON = "application/json; charset=utf-8";
    static final String LOADING_HTML = "<!doctype html><html><head><title>llama-server</title>"
            + "<meta http-equiv=\"refresh\" content=\"5\"></head><body>Loading model...</body></html>";
    static final String UI_HTML = "<!doctype html><html><head><title>llama.cpp - chat</title></head>"
            + "<body>llama-server emulator</body></html>";
    private static final Set<String> PUBLIC = Set.of("/health", "/v1/health", "/models", "/v1/models", "/");
    private static final Set<String> INFERENCE = Set.of("/v1/chat/completions", "/chat/completions",
            "/v1/completions", "/completions", "/completion", "/v1/embeddings", "/embeddings");

    private Llama() {}

    static Flags flags() {
        return Flags.common("llama-server", "single (default) | single-preRouter | legacy2024 | router")
                .value("--model", "FNAME", "model path (default models/emulated-7b-q4_k_m.gguf)", "-m")
                .value("--alias", "NAME", "model id in /v1/models (default: the file name; older flavors: the path)", "-a")
                .value("--api-key", "KEY[,KEY]", "require one of these keys (Authorization: Bearer or X-Api-Key)")
                .value("--api-key-file", "FILE", "read keys from FILE, one per line")
                .value("--parallel", "N", "number of slots (default 1)", "-np")
                .value("--ctx-size", "N", "context size (default 4096)", "-c")
                .flag("--no-slots", "disable GET /slots (501)")
                .flag("--slots", "enable GET /slots (the default)")
                .flag("--metrics", "enable GET /metrics")
                .flag("--props", "enable POST /props")
                .value("--sleep-after", "D", "after D idle, /props says is_sleeping: true (next task wakes it)")
                .value("--router-models", "A,B,..", "router: the models it offers (all start unloaded)")
                .value("--load-on-startup", "A,B,..", "router: load these at start-up")
                .value("--models-max", "N", "router: most models running at once (default 4, 0 = no limit)")
                .flag("--no-models-autoload", "router: requests for an unloaded model get 400 instead of loading it")
                .flag("--models-autoload", "router: requests for an unloaded model load it (the default)")
                .value("--crash-model", "NAME", "router: the model --crash-after kills (default: the first; 'router' = the router)");
    }

    static List<String> apiKeys(Flags f) {
        List<String> keys = new ArrayList<>(f.list("--api-key"));
        if (f.has("--api-key-file")) {
            try {
                for (String line : Files.readAllLines(Path.of(f.str("--api-key-file", "")))) {
                    if (!line.isBlank()) keys.add(line.trim());
                }
            } catch (IOException e) {
                throw new Flags.UsageException("--api-key-file: " + e.getMessage());
            }
        }
        return keys;
    }

    static boolean isPublic(String path) { return PUBLIC.contains(path) || path.endsWith(".html"); }

    static boolean isHealth(String path) { return path.equals("/health") || path.equals("/v1/health"); }

    static boolean isInference(String path) { return INFERENCE.contains(path); }

    /** The key middleware: public routes pass; otherwise a listed key as Bearer or X-Api-Key. */
    static boolean authorized(Http.Call c, List<String> keys) {
        if (keys.isEmpty() || isPublic(c.path)) return true;
        String auth = c.header("Authorization");
        String key = auth != null && auth.startsWith("Bearer ") ? auth.substring(7).trim() : c.header("X-Api-Key");
        return key != null && keys.contains(key);
    }

    static void json(Http.Call c, int code, Object body) throws IOException {
        c.send(code, JSON, Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    /** {"error":{"message":…,"type":…,"code":…}}, the type following format_error_response. */
    static void error(Http.Call c, int code, String message) throws IOException {
        String type = switch (code) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 500 -> "server_error";
            case 501 -> "not_supported_error";
            case 503 -> "unavailable_error";
            default -> "invalid_request_error";
        };
        json(c, code, Json.obj("error", Json.obj("message", message, "type", type, "code", code)));
    }

    static void loading(Http.Call c) throws IOException { error(c, 503, "Loading model"); }

    static void unauthorized(Http.Call c) throws IOException { error(c, 401, "Invalid API Key"); }

    static void notFound(Http.Call c) throws IOException { error(c, 404, "File Not Found"); }

    /** OPTIONS skips both middlewares: a CORS preflight answer. */
    static void options(Http.Call c) throws IOException {
        String origin = c.header("Origin");
        c.send(200, null, new byte[0], "Access-Control-Allow-Origin", origin == null ? "*" : origin,
                "Access-Control-Allow-Credentials", "true", "Access-Control-Allow-Methods", "GET, POST",
                "Access-Control-Allow-Headers", "*");
    }

    static String bindError(String host, int port) {
        return "couldn't bind HTTP server socket, hostname: " + host + ", port: " + port
                + "\nmain: exiting due to HTTP server error";
    }
}
