package dev.vigil.emulators;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Moonshine STT servers (PROVIDERS.md §3, §6.4). {@code hal0} (moonshine_server.py) loads before
 * it binds and, when the load fails or with {@code --no-model}, binds anyway with
 * {@code model_loaded:false} for good. {@code speaches} binds at once and loads models lazily:
 * /api/ps lists what is loaded.
 */
final class Moonshine extends Emulator {
    static final List<String> FLAVORS = List.of("hal0", "speaches");
    static final List<String> ARCHS = List.of("tiny", "tiny_streaming", "base", "small", "small_streaming");

    private final String arch;
    private final String modelId;
    private final boolean strictAudio;
    private final String transcript;
    private final List<String> downloaded;
    private final Set<String> loadedModels = new LinkedHashSet<>();
    private final Http.Routes routes = new Http.Routes();
    private volatile boolean loaded;

    static Flags flags() {
        return Flags.common("moonshine", "hal0 (default) | speaches")
                .value("--model-arch", "ARCH", "tiny | tiny_streaming | base | small | small_streaming (default small_streaming)")
                .flag("--strict-audio", "hal0: answer 415 to an upload that is not WAV/FLAC/Ogg/MP3/MP4/WebM")
                .value("--transcript", "TEXT", "what every transcription says (default \"hello world\")")
                .value("--models", "A,B,..", "speaches: the downloaded model ids (default moonshine-<arch>-en)")
                .value("--model-path", "DIR", "accepted and ignored (the real server's model directory)");
    }

    Moonshine(Flags f, boolean inProcess) {
        this(f, inProcess, f.oneOf("--flavor", "hal0", FLAVORS));
    }

    private Moonshine(Flags f, boolean inProcess, String flavor) {
        super("moonshine", flavor, f, inProcess, 1);
        arch = f.oneOf("--model-arch", "small_streaming", ARCHS);
        modelId = "moonshine-" + arch + "-en";
        strictAudio = f.has("--strict-audio");
        transcript = f.str("--transcript", "hello world");
        downloaded = f.has("--models") ? f.list("--models") : List.of(modelId);
        if (flavor.equals("hal0")) {
            routes.on("GET", "/health", c -> Fastapi.json(c, 200, Json.obj("status", loaded ? "ok" : "loading",
                            "model_loaded", loaded, "model_arch", loaded ? arch : null, "model_id", loaded ? modelId : null)))
                    .on("GET", "/v1/models", c -> Fastapi.json(c, 200, Json.obj("data", loaded
                            ? List.of(Json.obj("id", modelId, "object", "model", "owned_by", "moonshine")) : List.of())))
                    .on("POST", "/v1/audio/transcriptions", this::transcribe);
        } else {
            routes.on("GET", "/health", c -> c.text(200, "text/plain; charset=utf-8", "OK"))
                    .on("GET", "/v1/models", c -> Fastapi.json(c, 200, Json.obj("data", speachesModels(null), "object", "list")))
                    .on("GET", "/v1/models/*", this::speachesModel)
                    .on("GET", "/api/ps", c -> Fastapi.json(c, 200, Json.obj("models", loadedList())))
                    .on("POST", "/api/ps/*", this::psLoad)
                    .on("DELETE", "/api/ps/*", this::psUnload)
                    .on("POST", "/api/pull/*", this::pull)
                    .on("POST", "/v1/audio/transcriptions", this::transcribe);
        }
    }

    @Override
    void lifecycle() throws Exception {
        if (!waitIn(Phase.STARTING, bindDelay, "bind-delay")) return;
        if (flavor.equals("speaches")) {
            if (bind()) serving(Phase.IDLE, "up; no model loaded, models load on first use");
            return;
        }
        if (!waitIn(Phase.LOADING, loadDelay, "loading before bind: connections refused")) return;
        if (failLoad || noModel) {
            log.stderr("ERROR moonshine-server model load failed; the server still binds so /health is reachable");
            if (bind()) serving(Phase.IDLE, "no model: /health says model_loaded:false, for good");
            return;
        }
        loaded = true;
        if (bind()) serving(Phase.READY, "model " + modelId);
    }

    // ---- transcription (both flavors)

    private void transcribe(Http.Call c) throws Exception {
        Map<String, Multipart.Part> form = Multipart.parse(c.header("Content-Type"), c.body());
        Multipart.Part file = form == null ? null : form.get("file");
        if (file == null) {
            Fastapi.missing(c, "file");
            return;
        }
        String fmt = form.containsKey("response_format") ? form.get("response_format").text().trim() : "json";
        if (flavor.equals("hal0")) {
            if (!loaded) { Fastapi.detail(c, 503, "model not loaded"); return; }
            if (file.data().length == 0) { Fastapi.detail(c, 400, "empty audio upload"); return; }
            if (strictAudio && !Audio.decodable(file.data())) {
                Fastapi.detail(c, 415, Json.obj("error", Json.obj("code", "audio.unsupported_format",
                        "message", "Failed to decode audio input", "details", Json.obj("decoder_returncode", 1))));
                return;
            }
        } else {
            String model = form.containsKey("model") ? form.get("model").text().trim() : downloaded.isEmpty() ? "" : downloaded.getFirst();
            if (!downloaded.contains(model)) {
                Fastapi.detail(c, 404, "Model '" + model + "' is not installed locally. You can download the model using `POST /api/pull/" + model + "`");
                return;
            }
            if (!ensureLoaded(model)) { Fastapi.detail(c, 500, "Failed to load model '" + model + "'"); return; }
        }
        inferenceWork();
        if (fmt.equals("text") || fmt.equals("txt")) {
            // hal0 returns JSONResponse(content=text, media_type="text/plain"): a JSON string literal
            c.text(200, "text/plain", flavor.equals("hal0") ? Json.write(transcript) : transcript);
        } else if (fmt.equals("verbose_json")) {
            Fastapi.json(c, 200, Json.obj("task", "transcribe", "language", "en", "duration", Audio.durationSeconds(file.data()),
                    "text", transcript, "segments", List.of()));
        } else {
            Fastapi.json(c, 200, Json.obj("text", transcript));
        }
    }

    // ---- speaches model management

    private List<Object> speachesModels(String only) {
        List<Object> out = new ArrayList<>();
        for (String id : downloaded) {
            if (only != null && !only.equals(id)) continue;
            out.add(Json.obj("id", id, "created", 0, "object", "model", "owned_by", "UsefulSensors",
                    "language", List.of("en"), "task", "automatic-speech-recognition"));
        }
        return out;
    }

    private void speachesModel(Http.Call c) throws IOException {
        List<Object> m = speachesModels(c.path.substring("/v1/models/".length()));
        if (m.isEmpty()) Fastapi.detail(c, 404, "Model doesn't exists");
        else Fastapi.json(c, 200, m.getFirst());
    }

    private synchronized List<String> loadedList() { return new ArrayList<>(loadedModels); }

    /** Loads {@code id} if needed, paying --load-delay; false if the load fails (--fail-load). */
    private boolean ensureLoaded(String id) throws InterruptedException {
        synchronized (this) {
            if (loadedModels.contains(id)) return true;
        }
        synchronized (routes) { // one load at a time, like the real model manager's lock
            synchronized (this) {
                if (loadedModels.contains(id)) return true;
            }
            Pacer.Wait load = pacer.begin(loadDelay);
            log.info("loading " + id + " (load-delay " + Flags.show(loadDelay) + ")");
            if (!load.await()) return false;
            if (failLoad) {
                log.info("loading " + id + " failed");
                return false;
            }
            synchronized (this) { loadedModels.add(id); }
            phase(Phase.READY, "loaded: " + String.join(", ", loadedList()));
            return true;
        }
    }

    private void psLoad(Http.Call c) throws Exception {
        String id = c.path.substring("/api/ps/".length());
        if (!downloaded.contains(id)) { Fastapi.detail(c, 404, "Model '" + id + "' not found"); return; }
        synchronized (this) {
            if (loadedModels.contains(id)) { Fastapi.detail(c, 409, "Model already loaded"); return; }
        }
        if (ensureLoaded(id)) c.send(201, null, new byte[0]);
        else Fastapi.detail(c, 500, "Failed to load model '" + id + "'");
    }

    private void psUnload(Http.Call c) throws IOException {
        String id = c.path.substring("/api/ps/".length());
        boolean removed;
        synchronized (this) { removed = loadedModels.remove(id); }
        if (!removed) { Fastapi.detail(c, 404, "Model not found"); return; }
        log.info("unloaded " + id);
        if (loadedList().isEmpty()) phase(Phase.IDLE, "no model loaded");
        c.send(204, null, new byte[0]);
    }

    private void pull(Http.Call c) throws IOException {
        String id = c.path.substring("/api/pull/".length());
        if (downloaded.contains(id)) Fastapi.detail(c, 200, "Model '" + id + "' already exists");
        else Fastapi.detail(c, 404, "Model '" + id + "' not found");
    }

    @Override
    void serve(Http.Call c) throws Exception {
        if (!routes.dispatch(c, Fastapi::methodNotAllowed)) Fastapi.notFound(c);
    }

    @Override
    boolean isHealthPath(String path) { return path.equals("/health"); }

    @Override
    boolean isInferencePath(String path) { return path.equals("/v1/audio/transcriptions"); }

    @Override
    void health503(Http.Call c) throws IOException {
        if (flavor.equals("speaches")) c.text(503, "text/plain; charset=utf-8", "Service Unavailable");
        else Fastapi.detail(c, 503, "Service Unavailable");
    }

    @Override
    String bindErrorLine(IOException e) { return Fastapi.bindError(host, wantedPort); }

    @Override
    String readyLine() { return Fastapi.startupLines() + "\n" + Fastapi.readyLine(host, http.port()); }
}
