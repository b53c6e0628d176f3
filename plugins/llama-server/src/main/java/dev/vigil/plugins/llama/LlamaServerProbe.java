package dev.vigil.plugins.llama;

import dev.vigil.engine.spi.ActionResult;
import dev.vigil.engine.spi.Probe;
import dev.vigil.engine.spi.ProbeResult;
import dev.vigil.engine.spi.ProbeResult.Failed;
import dev.vigil.engine.spi.ProbeResult.Idle;
import dev.vigil.engine.spi.ProbeResult.Model;
import dev.vigil.engine.spi.ProbeResult.Ready;
import dev.vigil.engine.spi.ProbeResult.Serving;
import dev.vigil.engine.spi.ProbeResult.Starting;
import dev.vigil.engine.spi.ProbeResult.Warming;
import dev.vigil.plugins.llama.LlamaClient.Reply;
import dev.vigil.plugins.llama.LlamaClient.Reply.Answered;
import dev.vigil.plugins.llama.ModelList.Entry;
import dev.vigil.plugins.llama.Settings.Flavor;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The llama-server probe: {@code /health} first, then {@code /v1/models} (the model ids, and whether
 * it is a router), then {@code /slots} (SERVING or READY). Section numbers refer to PROVIDERS.md.
 *
 * <p>vigil never runs two checks of one probe at once, so the few facts it keeps about the running
 * process are confined to {@link #check}/{@link #adopt}; {@link #explainExit} only reads {@code
 * router} and flags the process as gone. Those facts are forgotten when the process goes: at a
 * refused connection, or after an exit.
 */
final class LlamaServerProbe implements Probe {

    private final Settings settings;
    private final LlamaClient client;
    private final InstantSource clock;
    private final System.Logger log;

    /** READY, SERVING or IDLE was seen: a later 503 "Loading model" is a hang, not a load. */
    private boolean wasUp;
    /** The last conclusive answer had slots processing: a timeout now is inconclusive. */
    private boolean busy;
    /** {@code /slots} answered 501 (started with {@code --no-slots}): not asked again. */
    private boolean noSlotsEndpoint;
    /**
     * A single-model server's model list, once it was up: its {@code -m} cannot change while the
     * process lives, so later checks skip {@code /v1/models} (a third of a check's cost). Asked again
     * every {@value #MODELS_EVERY} checks, and forgotten whenever {@code /health} is not 200 or the
     * process ended.
     */
    private ModelList singleModels;
    private int singleModelsAge;
    private static final int MODELS_EVERY = 30;
    /** Since when "no model loaded" has held without a break, or null. */
    private Instant noModelSince;
    /** Set by the no-model branch of the current check; any other conclusion ends the streak. */
    private boolean noModelNow;

    private final RouterActions actions;
    private volatile boolean router;
    private volatile boolean processEnded;

    LlamaServerProbe(Settings settings, LlamaClient client, InstantSource clock, System.Logger log) {
        this.settings = settings;
        this.client = client;
        this.clock = clock;
        this.log = log;
        this.actions = new RouterActions(client);
    }

    /** A router's {@code load} and {@code unload}; none for a server declared {@code flavor = "single"}. */
    @Override
    public Set<String> actions() {
        return settings.flavor() == Flavor.SINGLE ? Set.of() : RouterActions.ACTIONS;
    }

    @Override
    public ActionResult act(String action, Map<String, String> params, Instant deadline) throws Exception {
        if (settings.flavor() == Flavor.SINGLE) return new ActionResult.Failed("a single-model llama-server has no actions");
        return actions.act(action, params, deadline);
    }

    @Override
    public ProbeResult check(Instant deadline) throws InterruptedException {
        return conclude(deadline, false);
    }

    /** GET /health, then /v1/models (or /props) for the ids: no /slots, no completion (§4.3, "adoption must be cheap"). */
    @Override
    public ProbeResult adopt(Instant deadline) throws InterruptedException {
        return conclude(deadline, true);
    }

    /**
     * Exit 1 while loading is llama-server's only load-error signal (§0 rule 3, §1.1 step 4). A router
     * never exits for a model: its models fail one by one (§1.3).
     */
    @Override
    public Optional<String> explainExit(ExitInfo exit) {
        processEnded = true;
        if (exit.code() != 1) return Optional.empty();
        boolean asRouter = router || settings.flavor() == Flavor.ROUTER;
        return switch (exit.lastResult()) {
            case Warming w when !asRouter ->
                Optional.of("model load failed (llama-server exits 1 when its model cannot be loaded)");
            case Starting s when !asRouter ->
                Optional.of("model load failed, or the port could not be bound (llama-server exits 1 for both)");
            case Starting s -> Optional.of("the router could not bind its port (llama-server exits 1)");
            // Exited before the first answer: nothing seen yet, but exit 1 says load or bind all the same.
            case null -> asRouter ? Optional.empty()
                    : Optional.of("model load failed, or the port could not be bound (llama-server exits 1 for both)");
            default -> Optional.empty();
        };
    }

    private ProbeResult conclude(Instant deadline, boolean adopting) throws InterruptedException {
        if (processEnded) {
            processEnded = false;
            forgetProcess();
        }
        noModelNow = false;
        ProbeResult result = redact(probe(deadline, adopting));
        if (!noModelNow) noModelSince = null; // transport errors and any other answer reset the window (§4.3)
        boolean inconclusive = result instanceof Failed f && !f.definitive();
        if (!inconclusive) busy = result instanceof Serving;
        if (result instanceof Ready || result instanceof Serving || result instanceof Idle) wasUp = true;
        return result;
    }

    private ProbeResult probe(Instant deadline, boolean adopting) throws InterruptedException {
        Reply reply = client.get("/health", deadline);
        Health said = reply instanceof Answered a && !isAuth(a) ? Health.of(a.status(), a.body()) : null;
        if (!(said instanceof Health.Up) && !(said instanceof Health.NoSlot)) singleModels = null;
        if (!(reply instanceof Answered health)) return unreachable("/health", reply);
        if (isAuth(health)) return authFailure("/health", health);
        return switch (said) {
            case Health.Up up -> up(deadline, adopting, up.slotsProcessing());
            case Health.NoSlot full -> up(deadline, adopting, full.slotsProcessing() == null ? 1 : full.slotsProcessing());
            // §1.1: a single-model server loads once, before is_ready; a router is ready at once (§1.3). So a
            // 503 after either was up is the health-503 hang of §6.1, and must count as a strike.
            case Health.Loading loading -> wasUp
                    ? new Failed("/health answers 503 Loading model again after the server was up: hung or replaced", true)
                    : new Warming("loading model", null);
            case Health.LoadError error ->
                new Failed("model load failed (/health answers 500 {\"status\":\"error\"})", true);
            case Health.Other other ->
                new Failed("GET /health answered HTTP " + other.status() + gist(other.gist()), true);
        };
    }

    /** /health said 200: which mode, which models, how busy. Never concludes from /v1/models alone (§0 rule 1). */
    private ProbeResult up(Instant deadline, boolean adopting, Integer legacyProcessing) throws InterruptedException {
        if (!adopting && singleModels != null && ++singleModelsAge < MODELS_EVERY) {
            return single(singleModels, deadline, false, legacyProcessing);
        }
        singleModels = null;
        Reply reply = client.get("/v1/models", deadline);
        if (!(reply instanceof Answered answer)) return unreachable("/v1/models", reply);
        if (isAuth(answer)) return authFailure("/v1/models", answer);
        ModelList list = answer.status() == 200 ? ModelList.parse(answer.body()) : null;
        boolean asRouter = switch (settings.flavor()) {
            case ROUTER -> true;
            case SINGLE -> false;
            case AUTO -> list != null && list.looksLikeRouter();
        };
        if (settings.flavor() == Flavor.SINGLE && list != null && list.withStatus()) {
            return new Failed("flavor = \"single\", but /v1/models lists models with a router status: "
                    + "set flavor = \"router\" or \"auto\"", true);
        }
        if (settings.flavor() == Flavor.ROUTER && (list == null || !list.looksLikeRouter())) {
            String saw = list == null
                    ? "answered HTTP " + answer.status() + gist(Health.gist(answer.body()))
                    : "lists one model without status, as a single-model server does";
            return new Failed("flavor = \"router\", but /v1/models " + saw + ": set flavor = \"single\" or \"auto\"", true);
        }
        if (asRouter != router) log.log(System.Logger.Level.DEBUG, asRouter ? "router mode" : "single-model mode");
        router = asRouter;
        if (asRouter) return routerState(list, deadline, adopting);
        ProbeResult r = single(list, deadline, adopting, legacyProcessing);
        if (list != null && !adopting && (r instanceof Ready || r instanceof Serving)) {
            singleModels = list;
            singleModelsAge = 0;
        }
        return r;
    }

    /** §1.2: /health 200 is the readiness signal; the one listed model is its id. */
    private ProbeResult single(ModelList list, Instant deadline, boolean adopting, Integer legacyProcessing)
            throws InterruptedException {
        List<Model> models;
        if (list != null) {
            models = list.models();
        } else {
            Reply reply = client.get("/props", deadline);
            if (!(reply instanceof Answered props)) return unreachable("/props", reply);
            if (isAuth(props)) return authFailure("/props", props);
            models = props.status() == 200 ? ModelList.fromProps(props.body()) : List.of();
        }
        String loaded = models.isEmpty() ? "model loaded" : "model loaded: " + ids(models);
        if (legacyProcessing != null) return readyOrServing(legacyProcessing, models, loaded, "slots processing");
        if (adopting || !settings.slots() || noSlotsEndpoint) return new Ready(models, loaded);
        return switch (slots("/slots", deadline)) {
            case SlotAnswer.Counted c -> readyOrServing(c.use().processing(), models, loaded,
                    "of " + c.use().total() + " slots processing");
            case SlotAnswer.Missing m -> {
                noSlotsEndpoint = m.disabled();
                yield new Ready(models, loaded);
            }
            case SlotAnswer.Conclusion c -> c.result();
        };
    }

    /** §1.3: per-model states; no model loaded or loading is idle once it has held for idle_after (§0, issue 5). */
    private ProbeResult routerState(ModelList list, Instant deadline, boolean adopting) throws InterruptedException {
        List<Model> models = list.models();
        List<Entry> loaded = list.loaded();
        if (!loaded.isEmpty()) {
            String detail = "router: " + loaded.size() + " of " + list.entries().size() + " models loaded ("
                    + entryIds(loaded) + ")";
            if (adopting || !settings.slots()) return new Ready(models, detail);
            int processing = 0;
            for (Entry entry : loaded) {
                if (!entry.awake()) continue;
                // autoload=false: a probe must never make the router load a model (§1.3 proxied GET)
                String model = URLEncoder.encode(entry.id(), StandardCharsets.UTF_8);
                switch (slots("/slots?model=" + model + "&autoload=false", deadline)) {
                    case SlotAnswer.Counted c -> processing += c.use().processing();
                    case SlotAnswer.Missing m -> {}
                    case SlotAnswer.Conclusion c -> {
                        return c.result();
                    }
                }
            }
            return processing > 0
                    ? new Serving(processing, models, "router: " + processing + " slots processing; " + detail)
                    : new Ready(models, detail);
        }
        List<Entry> loading = list.loading();
        if (!loading.isEmpty()) return new Warming("router: loading " + entryIds(loading), null);

        noModelNow = true;
        Instant now = clock.instant();
        // A one-shot adoption cannot wait out a window; hal0 adopts an empty server as IDLE at once (§4.3 _probe_once).
        if (adopting && noModelSince == null) noModelSince = now.minus(settings.idleAfter());
        if (noModelSince == null) noModelSince = now;
        List<Entry> failed = list.failed();
        String failures = failed.isEmpty() ? "" : "; failed: " + failed.stream()
                .map(e -> e.id() + (e.exitCode() == null ? "" : " (exit " + e.exitCode() + ")"))
                .collect(Collectors.joining(", "));
        if (Duration.between(noModelSince, now).compareTo(settings.idleAfter()) >= 0) {
            return new Idle("router up, no model loaded" + failures, models);
        }
        String window = "; idle after " + human(settings.idleAfter());
        return new Warming("waiting for a model (router up, none loaded" + window + ")" + failures, null);
    }

    private sealed interface SlotAnswer {
        record Counted(SlotUse use) implements SlotAnswer {}

        /** No count: slots disabled (501), a model unloaded meanwhile (400), or an unreadable body. */
        record Missing(boolean disabled) implements SlotAnswer {}

        record Conclusion(ProbeResult result) implements SlotAnswer {}
    }

    private SlotAnswer slots(String query, Instant deadline) throws InterruptedException {
        Reply reply = client.get(query, deadline);
        return switch (reply) {
            // /health has just answered: the server lives, and /slots waits for its busy task loop
            case Reply.TimedOut t -> new SlotAnswer.Conclusion(new Failed(
                    "GET /slots timed out after " + human(t.after()) + " while /health answers: busy, inconclusive", false));
            case Answered a when isAuth(a) -> new SlotAnswer.Conclusion(authFailure("/slots", a));
            case Answered a -> {
                SlotUse use = a.status() == 200 ? SlotUse.parse(a.body()) : null;
                yield use != null ? new SlotAnswer.Counted(use) : new SlotAnswer.Missing(a.status() == 501);
            }
            default -> new SlotAnswer.Conclusion(unreachable("/slots", reply));
        };
    }

    private ProbeResult unreachable(String path, Reply reply) {
        return switch (reply) {
            case Reply.Refused r -> {
                forgetProcess();
                yield new Starting("connection refused: not listening yet (llama-server binds before it loads)");
            }
            case Reply.TimedOut t -> busy
                    ? new Failed("GET " + path + " timed out after " + human(t.after()) + " while busy: inconclusive", false)
                    : new Failed("GET " + path + " timed out after " + human(t.after()), true);
            case Reply.Broken b -> new Failed("GET " + path + ": " + b.why(), true);
            case Answered a -> new Failed("GET " + path + " answered HTTP " + a.status(), true);
        };
    }

    private static boolean isAuth(Answered answer) {
        return answer.status() == 401 || answer.status() == 403;
    }

    /** §1.2 "Auth": /health and /v1/models are public; /slots and /props need the key. Never prints it. */
    private Failed authFailure(String path, Answered answer) {
        String advice = settings.apiKey() == null
                ? "the server wants an API key: set api_key in [provider]"
                : "the server refused the api_key of [provider]: check it";
        return new Failed("HTTP " + answer.status() + " on GET " + path + ": " + advice, true);
    }

    private static ProbeResult readyOrServing(int processing, List<Model> models, String loaded, String busyWhat) {
        if (processing <= 0) return new Ready(models, loaded);
        return new Serving(processing, models, processing + " " + busyWhat + "; " + loaded);
    }

    private void forgetProcess() {
        singleModels = null;
        wasUp = false;
        busy = false;
        noSlotsEndpoint = false;
        router = false;
    }

    /** A server could echo the key back; no detail ever shows it. */
    private ProbeResult redact(ProbeResult r) {
        String key = settings.apiKey();
        if (key == null || !r.detail().contains(key)) return r;
        String d = r.detail().replace(key, "***");
        return switch (r) {
            case Starting s -> new Starting(d);
            case Warming w -> new Warming(d, w.progress());
            case Ready rd -> new Ready(rd.models(), d);
            case Serving sv -> new Serving(sv.inFlight(), sv.models(), d);
            case Idle id -> new Idle(d, id.models());
            case Failed f -> new Failed(d, f.definitive());
        };
    }

    private static String ids(List<Model> models) {
        return models.stream().map(Model::id).collect(Collectors.joining(", "));
    }

    private static String entryIds(List<Entry> entries) {
        return entries.stream().map(Entry::id).collect(Collectors.joining(", "));
    }

    private static String gist(String gist) {
        return gist.isEmpty() ? "" : ": " + gist;
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
