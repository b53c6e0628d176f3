package dev.vigil.emulators;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * llama-server in router mode (PROVIDERS.md §1.3, §6.2): /health is 200 as soon as it binds;
 * each model of {@code --router-models} is unloaded → loading → loaded (or unloaded + failed +
 * exit_code), driven by POST /models/load and /models/unload or by a request that autoloads it.
 */
final class LlamaRouter extends Emulator {
    private final class Entry {
        final String name;
        String status = "unloaded";
        boolean failed;
        int exitCode;
        long gen;
        long lastUsed;
        LlamaModel instance;
        CompletableFuture<Boolean> ready = CompletableFuture.completedFuture(false);

        Entry(String name) { this.name = name; }

        boolean running() { return status.equals("loading") || status.equals("loaded"); }
    }

    private final Map<String, Entry> models = new LinkedHashMap<>();
    private final List<String> keys;
    private final boolean slotsEnabled;
    private final boolean metricsEnabled;
    private final boolean autoload;
    private final int modelsMax;
    private final int parallel;
    private final int nCtx;
    private final String crashTarget;
    private final List<String> loadOnStartup;
    private final List<BlockingQueue<String>> sse = new CopyOnWriteArrayList<>();
    private final Http.Routes routes = new Http.Routes();

    LlamaRouter(Flags f, boolean inProcess) {
        super("llama-server", "router", f, inProcess, 1);
        if (!noModel) for (String m : f.list("--router-models")) models.put(m, new Entry(m));
        keys = Llama.apiKeys(f);
        slotsEnabled = !f.has("--no-slots");
        metricsEnabled = f.has("--metrics");
        autoload = !f.has("--no-models-autoload");
        modelsMax = f.integer("--models-max", 4);
        parallel = f.integer("--parallel", 1);
        nCtx = f.integer("--ctx-size", 4096);
        loadOnStartup = noModel ? List.of() : f.list("--load-on-startup");
        for (String m : loadOnStartup) {
            if (!models.containsKey(m)) throw new Flags.UsageException("--load-on-startup: '" + m + "' is not in --router-models");
        }
        String target = f.str("--crash-model", models.isEmpty() ? "router" : models.keySet().iterator().next());
        if (!target.equals("router") && !models.containsKey(target)) {
            throw new Flags.UsageException("--crash-model: '" + target + "' is not in --router-models");
        }
        crashTarget = target.equals("router") ? null : target;
        routes.on("GET", "/health", this::health).on("GET", "/v1/health", this::health)
                .on("GET", "/models", this::list).on("GET", "/v1/models", this::list)
                .on("POST", "/models/load", c -> loadOrUnload(c, true))
                .on("POST", "/models/unload", c -> loadOrUnload(c, false))
                .on("GET", "/models/sse", this::events)
                .on("POST", "/models", c -> Llama.error(c, 400, "model validation failed, unable to download"))
                .on("GET", "/props", this::props).on("GET", "/slots", this::proxiedGet).on("GET", "/metrics", this::proxiedGet)
                .on("GET", "/", c -> c.text(200, "text/html; charset=utf-8", Llama.UI_HTML));
        for (String p : List.of("/v1/chat/completions", "/chat/completions", "/v1/completions", "/completions", "/completion",
                "/v1/embeddings", "/embeddings")) {
            routes.on("POST", p, this::proxiedPost);
        }
    }

    @Override
    void lifecycle() throws Exception {
        if (!waitIn(Phase.STARTING, bindDelay, "bind-delay") || !bind()) return;
        serving(Phase.READY, "router, " + models.size() + " model(s): " + String.join(", ", models.keySet()));
        for (String m : loadOnStartup) load(m);
    }

    @Override
    boolean crashesProcess() { return crashTarget == null; }

    // ---- model state

    /** Starts loading; null on success, else the error (404 or 400). */
    private synchronized String load(String name) {
        Entry e = models.get(name);
        if (e == null) return "404 model is not found";
        if (e.running()) return "400 model is already running";
        if (modelsMax > 0 && models.values().stream().filter(Entry::running).count() >= modelsMax) {
            models.values().stream().filter(x -> x.status.equals("loaded"))
                    .min((a, b) -> Long.compare(a.lastUsed, b.lastUsed))
                    .ifPresent(lru -> { log.info("models-max " + modelsMax + " reached: unloading " + lru.name); stop(lru); });
        }
        long gen = ++e.gen;
        e.failed = false;
        e.ready = new CompletableFuture<>();
        Pacer.Wait w = pacer.begin(loadDelay);
        status(e, "loading");
        Thread.ofVirtual().start(() -> {
            try {
                if (w.await()) loaded(e, gen);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        return null;
    }

    private synchronized void loaded(Entry e, long gen) {
        if (e.gen != gen || !e.status.equals("loading")) return;
        if (failLoad) {
            e.failed = true;
            e.exitCode = failRc;
            log.info("model " + e.name + " failed to load (exit_code " + failRc + ")");
            status(e, "unloaded");
            e.ready.complete(false);
            return;
        }
        e.instance = new LlamaModel(this, e.name, e.name + ".gguf", parallel, nCtx, true);
        e.lastUsed = System.nanoTime();
        Pacer.Wait crash = crashAfter != null && e.name.equals(crashTarget) ? pacer.begin(crashAfter) : null;
        status(e, "loaded");
        e.ready.complete(true);
        if (crash != null) after(crash, () -> crashModel(e, gen));
    }

    private synchronized void crashModel(Entry e, long gen) {
        if (e.gen != gen || !e.status.equals("loaded")) return;
        e.gen++;
        e.instance = null;
        e.failed = true;
        e.exitCode = crashRc >= 0 ? crashRc : crashSignal > 0 ? 128 + crashSignal : 139;
        log.info("model " + e.name + " crashed (exit_code " + e.exitCode + ")");
        status(e, "unloaded");
    }

    /** Unload: graceful for a loaded model, a force-kill for a loading one; either way at once. */
    private void stop(Entry e) {
        e.gen++;
        e.instance = null;
        e.failed = false;
        e.exitCode = 0;
        status(e, "unloaded");
        e.ready.complete(false);
    }

    private void status(Entry e, String value) {
        e.status = value;
        log.info("model " + e.name + " " + value + (e.failed ? " (failed, exit_code " + e.exitCode + ")" : ""));
        Map<String, Object> data = Json.obj("status", value);
        if (value.equals("unloaded")) data.put("exit_code", e.exitCode);
        String event = Json.write(Json.obj("model", e.name, "event", "status_change", "data", data));
        for (BlockingQueue<String> q : sse) q.offer(event);
    }

    private synchronized Map<String, Object> entryJson(Entry e) {
        Map<String, Object> st = Json.obj("value", e.status);
        if (e.running()) st.put("args", List.of("llama-server", "--host", "127.0.0.1", "-m", e.name + ".gguf", "--alias", e.name));
        if (e.failed) { st.put("failed", true); st.put("exit_code", e.exitCode); }
        return Json.obj("id", e.name, "aliases", List.of(), "tags", List.of(), "object", "model", "owned_by", "llamacpp",
                "created", startedEpochSeconds(), "status", st,
                "architecture", Json.obj("input_modalities", List.of("text"), "output_modalities", List.of("text")),
                "source", "models_dir", "can_remove", false);
    }

    // ---- routes

    @Override
    void serve(Http.Call c) throws Exception {
        if (c.method.equals("OPTIONS")) Llama.options(c);
        else if (!Llama.authorized(c, keys)) Llama.unauthorized(c);
        else if (!routes.dispatch(c, Llama::notFound)) Llama.notFound(c);
    }

    private void health(Http.Call c) throws IOException { Llama.json(c, 200, Json.obj("status", "ok")); }

    private void list(Http.Call c) throws IOException {
        List<Object> data = new ArrayList<>();
        for (Entry e : models.values()) data.add(entryJson(e));
        Llama.json(c, 200, Json.obj("data", data, "object", "list"));
    }

    private void loadOrUnload(Http.Call c, boolean load) throws IOException {
        String name = modelOf(c);
        if (name == null) return;
        String err;
        if (load) {
            err = load(name);
        } else {
            synchronized (this) {
                Entry e = models.get(name);
                err = e == null ? "400 model is not found" : !e.running() ? "400 model is not running" : null;
                if (err == null) stop(e);
            }
        }
        if (err == null) Llama.json(c, 200, Json.obj("success", true));
        else Llama.error(c, Integer.parseInt(err.substring(0, 3)), err.substring(4));
    }

    /** The "model" of a JSON body, or null after answering 400. */
    private String modelOf(Http.Call c) throws IOException {
        Object m;
        try {
            m = c.jsonBody().get("model");
        } catch (Json.ParseException e) {
            Llama.error(c, 400, "Failed to parse the request body as JSON: " + e.getMessage());
            return null;
        }
        if (m instanceof String s && !s.isEmpty()) return s;
        Llama.error(c, 400, "model name is missing from the request");
        return null;
    }

    private void events(Http.Call c) throws IOException, InterruptedException {
        BlockingQueue<String> q = new LinkedBlockingQueue<>();
        sse.add(q);
        try (OutputStream os = c.stream(200, "text/event-stream", "Cache-Control", "no-cache")) {
            os.flush();
            while (!pacer.isClosed()) {
                String ev = q.poll(200, TimeUnit.MILLISECONDS);
                if (ev == null) continue;
                os.write(("data: " + ev + "\n\n").getBytes(StandardCharsets.UTF_8));
                os.flush();
            }
        } catch (IOException gone) {
            // the client disconnected
        } finally {
            sse.remove(q);
        }
    }

    private void props(Http.Call c) throws IOException {
        if (c.query("model") != null) {
            proxiedGet(c);
            return;
        }
        Llama.json(c, 200, Json.obj("role", "router", "max_instances", modelsMax, "models_autoload", autoload,
                "model_alias", "llama-server", "model_path", "none",
                "default_generation_settings", Json.obj("params", Json.obj(), "n_ctx", 0),
                "ui_settings", Json.obj(), "build_info", "b6000-emulated"));
    }

    private void proxiedGet(Http.Call c) throws IOException {
        String name = c.query("model");
        if (name == null || name.isEmpty()) {
            Llama.error(c, 400, "model name is missing from the request");
            return;
        }
        LlamaModel m;
        synchronized (this) {
            Entry e = models.get(name);
            if (e == null) { Llama.error(c, 400, "model '" + name + "' not found"); return; }
            m = e.instance;
        }
        if (m == null) Llama.error(c, 400, "model is not loaded");
        else if (c.path.equals("/props")) Llama.json(c, 200, m.props(slotsEnabled, false, metricsEnabled));
        else if (c.path.equals("/slots") && !slotsEnabled) Llama.error(c, 501, "This server does not support slots endpoint. Start it with `--slots`");
        else if (c.path.equals("/slots") && c.queryFlag("fail_on_no_slot") && m.idle() == 0) Llama.error(c, 503, "no slot available");
        else if (c.path.equals("/slots")) Llama.json(c, 200, m.slotsJson());
        else if (!metricsEnabled) Llama.error(c, 501, "This server does not support metrics endpoint. Start it with `--metrics`");
        else c.text(200, "text/plain; version=0.0.4", m.metrics());
    }

    /** Routes a POST by its body's "model", loading the model first when autoload is on. */
    private void proxiedPost(Http.Call c) throws Exception {
        String name = modelOf(c);
        if (name == null) return;
        boolean auto = c.query("autoload") == null ? autoload : c.queryFlag("autoload");
        CompletableFuture<Boolean> ready;
        LlamaModel m;
        synchronized (this) {
            Entry e = models.get(name);
            if (e == null) { Llama.error(c, 400, "model '" + name + "' not found"); return; }
            m = e.instance;
            if (m == null && !auto) { Llama.error(c, 400, "model is not loaded"); return; }
            if (m == null && !e.running()) load(name);
            ready = e.ready;
            e.lastUsed = System.nanoTime();
        }
        if (m == null) {
            while (!ready.isDone() && !pacer.isClosed()) {
                try {
                    ready.get(200, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException again) {
                    // keep waiting through the load
                }
            }
            synchronized (this) { m = models.get(name).instance; }
            if (m == null) { Llama.error(c, 500, "model name=" + name + " failed to load"); return; }
        }
        if (c.path.endsWith("embeddings")) Llama.error(c, 501, "This server does not support embeddings. Start it with `--embeddings`");
        else m.complete(c, c.jsonBody());
    }

    @Override
    boolean isHealthPath(String path) { return Llama.isHealth(path); }

    @Override
    boolean isInferencePath(String path) { return Llama.isInference(path); }

    @Override
    void health503(Http.Call c) throws IOException { Llama.loading(c); }

    @Override
    String bindErrorLine(IOException e) { return Llama.bindError(host, wantedPort); }

    @Override
    String readyLine() { return "main: server is listening on http://" + host + ":" + http.port() + " - starting the main loop"; }
}
