package dev.vigil.emulators;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * llama-server with one model (PROVIDERS.md §1.1, §1.2, §6.2): binds first, answers 503 to
 * everything while loading (flavor single-preRouter lets the model lists through with
 * {@code meta: null}; legacy2024 answers {"status":"loading model"}), then either exits 1
 * ("exiting due to model loading error") or is ready. legacy2024 stays up after a failed load
 * and answers 500 {"status":"error"}.
 */
final class LlamaServer extends Emulator {
    static final List<String> FLAVORS = List.of("single", "single-preRouter", "legacy2024", "router");

    private final boolean legacy;
    private final boolean preRouter;
    private final List<String> keys;
    private final boolean slotsEnabled;
    private final boolean metricsEnabled;
    private final boolean propsEnabled;
    private final Duration sleepAfter;
    private final LlamaModel model;
    private final Http.Routes routes = new Http.Routes();
    private volatile boolean loading = true;
    private volatile boolean loadError;

    static Flags flags() { return Llama.flags(); }

    /** single-model flavors; router, and --no-model in any flavor (a router with no models). */
    static Emulator create(Flags f, boolean inProcess) {
        String flavor = f.oneOf("--flavor", "single", FLAVORS);
        if (flavor.equals("router") || f.has("--no-model")) return new LlamaRouter(f, inProcess);
        return new LlamaServer(f, inProcess, flavor);
    }

    private LlamaServer(Flags f, boolean inProcess, String flavor) {
        super("llama-server", flavor, f, inProcess, 1);
        legacy = flavor.equals("legacy2024");
        preRouter = flavor.equals("single-preRouter");
        keys = Llama.apiKeys(f);
        slotsEnabled = !f.has("--no-slots");
        metricsEnabled = f.has("--metrics");
        propsEnabled = f.has("--props");
        sleepAfter = f.duration("--sleep-after", null);
        String path = f.str("--model", "models/emulated-7b-q4_k_m.gguf");
        Path fileName = Path.of(path).getFileName();
        String id = f.str("--alias", flavor.equals("single") && fileName != null ? fileName.toString() : path);
        model = new LlamaModel(this, id, path, f.integer("--parallel", 1), f.integer("--ctx-size", 4096), flavor.equals("single"));
        routes.on("GET", "/health", this::health).on("GET", "/v1/health", this::health)
                .on("GET", "/models", this::models).on("GET", "/v1/models", this::models).on("GET", "/api/tags", this::models)
                .on("GET", "/props", c -> Llama.json(c, 200, model.props(slotsEnabled, propsEnabled, metricsEnabled)))
                .on("POST", "/props", this::setProps)
                .on("GET", "/slots", this::slots)
                .on("GET", "/metrics", this::metrics)
                .on("GET", "/", c -> c.text(200, "text/html; charset=utf-8", Llama.UI_HTML))
                .on("GET", "/index.html", c -> c.text(200, "text/html; charset=utf-8", Llama.UI_HTML));
        for (String p : List.of("/v1/chat/completions", "/chat/completions", "/v1/completions", "/completions", "/completion")) {
            routes.on("POST", p, this::complete);
        }
        for (String p : List.of("/v1/embeddings", "/embeddings")) {
            routes.on("POST", p, c -> Llama.error(c, 501, "This server does not support embeddings. Start it with `--embeddings`"));
        }
    }

    @Override
    void lifecycle() throws Exception {
        if (!waitIn(Phase.STARTING, bindDelay, "bind-delay")) return;
        Pacer.Wait load = pacer.begin(loadDelay); // before the bind: a 503 seen means advance() ends it
        if (!bind()) return;
        phase(Phase.LOADING, "loading " + model.path + ", load-delay " + Flags.show(loadDelay));
        if (!load.await()) return;
        if (failLoad) {
            log.stderr("llama_model_load: error loading model: failed to read the model file '" + model.path + "'");
            log.stderr("srv    load_model: failed to load model, '" + model.path + "'");
            if (legacy) {
                loadError = true;
                loading = false;
                phase(Phase.ERROR, "model failed to load; /health answers 500");
                return;
            }
            log.stderr("main: exiting due to model loading error");
            exitProcess(failRc, 0);
            return;
        }
        loading = false;
        serving(Phase.READY, "model " + model.id);
        if (sleepAfter != null) scheduleSleep();
    }

    /** --sleep-after: a watcher that puts the idle model to sleep (a task wakes it). */
    private void scheduleSleep() {
        Thread.ofVirtual().name("llama-sleep").start(() -> {
            try {
                while (!pacer.isClosed()) {
                    pacer.sleepUnlessClosed(Duration.ofMillis(50));
                    if (!model.sleeping && model.processing() == 0
                            && System.nanoTime() - model.lastActivityNanos >= sleepAfter.toNanos()) {
                        model.sleeping = true;
                        log.info("state sleeping (idle for " + Flags.show(sleepAfter) + ")");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Override
    void serve(Http.Call c) throws Exception {
        if (c.method.equals("OPTIONS")) {
            Llama.options(c);
            return;
        }
        if (loading) {
            if (legacy) {
                Llama.json(c, 503, Json.obj("status", "loading model"));
            } else if (preRouter && c.method.equals("GET") && List.of("/models", "/v1/models", "/api/tags").contains(c.path)) {
                Llama.json(c, 200, model.modelsList(false));
            } else if (c.path.equals("/") || c.path.endsWith(".html")) {
                c.text(503, "text/html; charset=utf-8", Llama.LOADING_HTML);
            } else {
                Llama.loading(c);
            }
            return;
        }
        if (loadError) {
            Llama.json(c, 500, Json.obj("status", "error"));
            return;
        }
        if (!Llama.authorized(c, keys)) {
            Llama.unauthorized(c);
            return;
        }
        if (!routes.dispatch(c, Llama::notFound)) Llama.notFound(c);
    }

    private void health(Http.Call c) throws IOException {
        if (!legacy) {
            Llama.json(c, 200, Json.obj("status", "ok"));
            return;
        }
        int idle = model.idle();
        int busy = model.totalSlots() - idle;
        if (idle == 0 && c.queryFlag("fail_on_no_slot")) {
            Llama.json(c, 503, Json.obj("status", "no slot available", "slots_idle", 0, "slots_processing", busy));
        } else {
            Llama.json(c, 200, Json.obj("status", "ok", "slots_idle", idle, "slots_processing", busy));
        }
    }

    private void models(Http.Call c) throws IOException { Llama.json(c, 200, model.modelsList(true)); }

    private void slots(Http.Call c) throws IOException {
        if (!slotsEnabled) {
            Llama.error(c, 501, "This server does not support slots endpoint. Start it with `--slots`");
        } else if (c.queryFlag("fail_on_no_slot") && model.idle() == 0) {
            Llama.error(c, 503, "no slot available");
        } else {
            Llama.json(c, 200, model.slotsJson());
        }
    }

    private void metrics(Http.Call c) throws IOException {
        if (!metricsEnabled) {
            Llama.error(c, 501, "This server does not support metrics endpoint. Start it with `--metrics`");
            return;
        }
        c.text(200, "text/plain; version=0.0.4", model.metrics(), "Process-Start-Time-Unix", Long.toString(startedEpochSeconds()));
    }

    private void setProps(Http.Call c) throws IOException {
        if (!propsEnabled) {
            Llama.error(c, 501, "This server does not support changing global properties. Start it with `--props`");
        } else {
            Llama.json(c, 200, Json.obj("success", true));
        }
    }

    private void complete(Http.Call c) throws Exception {
        Map<String, Object> body;
        try {
            body = c.jsonBody();
        } catch (Json.ParseException e) {
            Llama.error(c, 400, "Failed to parse the request body as JSON: " + e.getMessage());
            return;
        }
        if (model.sleeping) {
            model.sleeping = false;
            Pacer.Wait wake = pacer.begin(loadDelay);
            log.info("state ready (waking from sleep, load-delay " + Flags.show(loadDelay) + ")");
            if (!wake.await()) return;
        }
        model.complete(c, body);
    }

    @Override
    boolean isHealthPath(String path) { return Llama.isHealth(path); }

    @Override
    boolean isInferencePath(String path) { return Llama.isInference(path); }

    @Override
    void health503(Http.Call c) throws IOException {
        if (legacy) Llama.json(c, 503, Json.obj("status", "loading model"));
        else Llama.loading(c);
    }

    @Override
    String bindErrorLine(IOException e) { return Llama.bindError(host, wantedPort); }

    @Override
    String readyLine() { return "main: model loaded\nmain: server is listening on http://" + host + ":" + http.port() + " - starting the main loop"; }
}
