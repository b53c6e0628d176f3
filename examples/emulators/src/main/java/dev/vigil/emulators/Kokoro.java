package dev.vigil.emulators;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kokoro TTS servers (PROVIDERS.md §2, §6.3). All flavors load before they bind, so the port
 * refuses connections for bind-delay + load-delay. {@code fastapi} (remsky/Kokoro-FastAPI)
 * exits 3 on a failed load; {@code hal0} (kokoro_server.py) binds anyway with
 * {@code model_loaded:false} for good; {@code kokoros} (Rust) exits 1 and has no /health.
 */
final class Kokoro extends Emulator {
    static final List<String> FLAVORS = List.of("fastapi", "hal0", "kokoros");
    private static final List<String> OPENAI_MODELS = List.of("tts-1", "tts-1-hd", "kokoro", "gpt-4o-mini-tts");
    private static final List<String> VOICES = List.of("af_heart", "af_bella", "af_nicole", "af_sky", "am_adam",
            "am_michael", "bf_emma", "bm_george");
    private static final List<String> FORMATS = List.of("mp3", "opus", "aac", "flac", "wav", "pcm");
    private static final List<String> HAL0_FORMATS = List.of("wav", "mp3", "opus", "flac", "pcm");

    private final String defaultVoice;
    private final boolean allowDevUnload;
    private final Http.Routes routes = new Http.Routes();
    private final Object loadLock = new Object();
    private volatile boolean loaded;

    static Flags flags() {
        return Flags.common("kokoro", "fastapi (default) | hal0 | kokoros")
                .value("--default-voice", "VOICE", "hal0: default voice (default af_bella)")
                .flag("--allow-dev-unload", "fastapi: enable POST /dev/unload")
                .value("--model-path", "DIR", "accepted and ignored (the real servers' model directory)");
    }

    Kokoro(Flags f, boolean inProcess) {
        this(f, inProcess, f.oneOf("--flavor", "fastapi", FLAVORS));
    }

    private Kokoro(Flags f, boolean inProcess, String flavor) {
        super("kokoro", flavor, f, inProcess, flavor.equals("fastapi") ? 3 : 1);
        if (noModel && flavor.equals("kokoros")) throw new Flags.UsageException("--no-model: the kokoros flavor has no idle form");
        defaultVoice = f.str("--default-voice", flavor.equals("hal0") ? "af_bella" : "af_heart");
        allowDevUnload = f.has("--allow-dev-unload");
        switch (flavor) {
            case "fastapi" -> routes.on("GET", "/health", c -> Fastapi.json(c, 200, Json.obj("status", "healthy")))
                    .on("GET", "/v1/test", c -> Fastapi.json(c, 200, Json.obj("status", "ok")))
                    .on("GET", "/v1/models", c -> Fastapi.json(c, 200, Json.obj("object", "list", "data", openaiModels("kokoro"))))
                    .on("GET", "/v1/models/*", this::oneModel)
                    .on("GET", "/v1/audio/voices", this::voices)
                    .on("POST", "/v1/audio/speech", this::speech)
                    .on("POST", "/dev/unload", this::unload);
            case "hal0" -> routes.on("GET", "/health", c -> Fastapi.json(c, 200, Json.obj("status", loaded ? "ok" : "loading",
                            "model_loaded", loaded, "default_voice", defaultVoice)))
                    .on("GET", "/v1/models", c -> Fastapi.json(c, 200, Json.obj("data", loaded
                            ? List.of(Json.obj("id", "kokoro", "object", "model", "owned_by", "hexgrad")) : List.of())))
                    .on("GET", "/v1/audio/voices", this::voices)
                    .on("POST", "/v1/audio/speech", this::speech);
            default -> routes.on("GET", "/", c -> c.text(200, "text/plain; charset=utf-8", "OK"))
                    .on("GET", "/v1/models", c -> Fastapi.json(c, 200, Json.obj("object", "list", "data", openaiModels("kokoros"))))
                    .on("GET", "/v1/models/*", this::oneModel)
                    .on("GET", "/v1/audio/voices", this::voices)
                    .on("POST", "/v1/audio/speech", this::speech);
        }
    }

    @Override
    void lifecycle() throws Exception {
        if (!waitIn(Phase.STARTING, bindDelay, "bind-delay")) return;
        if (noModel && flavor.equals("fastapi")) {
            if (!bind()) return;
            serving(Phase.READY, "model unloaded, as after POST /dev/unload; the first speech request loads it");
            return;
        }
        if (!waitIn(Phase.LOADING, loadDelay, "loading before bind: connections refused")) return;
        if (failLoad || (noModel && flavor.equals("hal0"))) {
            switch (flavor) {
                case "fastapi" -> {
                    log.stderr("RuntimeError: Warmup failed: model files not found");
                    log.stderr("ERROR:    Application startup failed. Exiting.");
                    exitProcess(failRc, 0);
                    return;
                }
                case "kokoros" -> {
                    log.stderr("Error: failed to load the Kokoro model");
                    exitProcess(failRc, 0);
                    return;
                }
                default -> {
                    log.stderr("ERROR kokoro-server model load failed at startup; /health will report loading=false");
                    if (!bind()) return;
                    serving(Phase.IDLE, "no model: /health says model_loaded:false, for good");
                    return;
                }
            }
        }
        loaded = true;
        if (!bind()) return;
        serving(Phase.READY, "model loaded and warmed up");
    }

    private static List<Object> openaiModels(String owner) {
        List<Object> out = new ArrayList<>();
        for (String id : owner.equals("kokoro") ? OPENAI_MODELS : OPENAI_MODELS.subList(0, 3)) {
            out.add(Json.obj("id", id, "object", "model", "created", 1686935002, "owned_by", owner));
        }
        return out;
    }

    private void oneModel(Http.Call c) throws IOException {
        String id = c.path.substring("/v1/models/".length());
        if (OPENAI_MODELS.contains(id)) {
            Fastapi.json(c, 200, Json.obj("id", id, "object", "model", "created", 1686935002, "owned_by", flavor.equals("fastapi") ? "kokoro" : "kokoros"));
        } else {
            Fastapi.detail(c, 404, Json.obj("error", "model_not_found", "message", "Model '" + id + "' not found",
                    "type", "invalid_request_error"));
        }
    }

    private void voices(Http.Call c) throws IOException {
        if (flavor.equals("hal0")) {
            List<String> v = new ArrayList<>(List.of(defaultVoice));
            for (String x : VOICES) if (!x.equals(defaultVoice)) v.add(x);
            Fastapi.json(c, 200, Json.obj("voices", loaded ? v : List.of()));
        } else if (flavor.equals("fastapi") && !c.queryFlag("legacy")) {
            List<Object> v = new ArrayList<>();
            for (String x : VOICES) v.add(Json.obj("id", x, "name", x));
            Fastapi.json(c, 200, Json.obj("voices", v));
        } else {
            Fastapi.json(c, 200, Json.obj("voices", VOICES));
        }
    }

    private void unload(Http.Call c) throws IOException {
        if (!allowDevUnload) {
            Fastapi.detail(c, 403, "Model unloading is disabled. Set allow_dev_unload to enable it.");
            return;
        }
        loaded = false;
        log.info("model unloaded (POST /dev/unload); the next speech request reloads it");
        Fastapi.json(c, 200, Json.obj("status", "unloaded"));
    }

    private void speech(Http.Call c) throws Exception {
        Map<String, Object> body;
        try {
            body = c.jsonBody();
        } catch (Json.ParseException e) {
            Fastapi.badJson(c, e);
            return;
        }
        if (!(body.get("input") instanceof String input)) {
            Fastapi.missing(c, "input");
            return;
        }
        String model = String.valueOf(body.getOrDefault("model", "kokoro"));
        String fmt = String.valueOf(body.getOrDefault("response_format", "mp3")).toLowerCase();
        if (flavor.equals("hal0")) {
            if (!loaded) { Fastapi.detail(c, 503, "model not loaded"); return; }
            if (input.isBlank()) { Fastapi.detail(c, 400, "empty input"); return; }
            inferenceWork();
            if (!HAL0_FORMATS.contains(fmt)) { Fastapi.detail(c, 400, "unsupported response_format='" + fmt + "'"); return; }
            String type = switch (fmt) { case "wav" -> "audio/wav"; case "opus" -> "audio/ogg"; case "flac" -> "audio/flac";
                case "pcm" -> "audio/L16"; default -> "audio/mpeg"; };
            c.send(200, type, Audio.silence(fmt));
            return;
        }
        if (!FORMATS.contains(fmt)) {
            Fastapi.invalid(c, "literal_error", "response_format", "Input should be 'mp3', 'opus', 'aac', 'flac', 'wav' or 'pcm'", fmt);
            return;
        }
        if (flavor.equals("fastapi") && !OPENAI_MODELS.contains(model)) {
            Fastapi.detail(c, 400, Json.obj("error", "invalid_model", "message", "Unsupported model: " + model,
                    "type", "invalid_request_error"));
            return;
        }
        synchronized (loadLock) {
            if (!loaded) {
                Pacer.Wait load = pacer.begin(loadDelay);
                log.info("loading model for this request (load-delay " + Flags.show(loadDelay) + ")");
                if (!load.await()) return;
                loaded = true;
                log.info("model loaded");
            }
        }
        inferenceWork();
        String type = "audio/" + switch (fmt) { case "mp3" -> "mpeg"; default -> fmt; };
        byte[] audio = Audio.silence(fmt);
        boolean stream = flavor.equals("fastapi") ? !Boolean.FALSE.equals(body.get("stream")) : Boolean.TRUE.equals(body.get("stream"));
        String[] headers = {"Content-Disposition", "attachment; filename=speech." + fmt, "Cache-Control", "no-cache"};
        if (!stream) {
            c.send(200, type, audio, headers);
            return;
        }
        try (OutputStream os = c.stream(200, type, headers[0], headers[1], headers[2], headers[3], "X-Accel-Buffering", "no")) {
            int half = audio.length / 2;
            os.write(audio, 0, half);
            os.flush();
            os.write(audio, half, audio.length - half);
        }
    }

    @Override
    void serve(Http.Call c) throws Exception {
        if (flavor.equals("kokoros")) {
            if (!routes.dispatch(c, x -> x.send(405, null, new byte[0]))) c.send(404, null, new byte[0]);
        } else if (!routes.dispatch(c, Fastapi::methodNotAllowed)) {
            Fastapi.notFound(c);
        }
    }

    @Override
    boolean isHealthPath(String path) { return path.equals(flavor.equals("kokoros") ? "/" : "/health"); }

    @Override
    boolean isInferencePath(String path) { return path.equals("/v1/audio/speech"); }

    @Override
    void health503(Http.Call c) throws IOException {
        if (flavor.equals("kokoros")) c.text(503, "text/plain; charset=utf-8", "Service Unavailable");
        else Fastapi.detail(c, 503, "Service Unavailable");
    }

    @Override
    String bindErrorLine(IOException e) {
        return flavor.equals("kokoros") ? "Error: Address already in use (os error 98)" : Fastapi.bindError(host, wantedPort);
    }

    @Override
    String readyLine() {
        return flavor.equals("kokoros") ? "Starting OpenAI-compatible HTTP server on " + host + ":" + http.port()
                : Fastapi.startupLines() + "\n" + Fastapi.readyLine(host, http.port());
    }
}
