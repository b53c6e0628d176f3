package dev.vigil.plugins.moonshine;

import dev.vigil.plugins.support.IdleWindow;
import dev.vigil.plugins.support.Call;
import dev.vigil.plugins.support.Json;
import dev.vigil.engine.spi.Probe;
import dev.vigil.engine.spi.ProbeContext;
import dev.vigil.engine.spi.ProbeResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One Moonshine service's probe (PROVIDERS.md §3, §6.4, §6.5).
 *
 * <p>hal0's server loads before it binds (refused is STARTING) and then says {@code model_loaded};
 * {@code false} is a failed load it never retries. A speaches-style server binds at once and loads
 * on demand: {@code /health} is liveness only and {@code /api/ps} lists what is loaded, so a check
 * asks both. "No (wanted) model" is WARMING until it has held for {@code idle_after}, then IDLE. A
 * 503 is WARMING until the server has been up in this spawn; after that it is the health-503 hang
 * (§6.1) and a definitive failure. Neither flavor exposes a busy state, so a timeout is a definitive
 * failure too.
 *
 * <p>Checks run one at a time (the SPI's promise); {@link #explainExit} may run on another thread
 * and only touches a volatile field.
 */
final class MoonshineProbe implements Probe {

    private static final Duration MARGIN = Duration.ofMillis(50);

    /** What one round of GETs says, before the idle window and the adopt rules are applied. */
    private sealed interface Reading {
        record Down() implements Reading {}

        record Loading(String detail) implements Reading {}

        record Loaded(List<ProbeResult.Model> models, String detail) implements Reading {}

        /** Up, but not serving the (wanted) model: {@code soFar} while the window runs, {@code detail} once idle. */
        record NoModel(List<ProbeResult.Model> models, String soFar, String detail) implements Reading {}

        record Broken(String detail, boolean definitive) implements Reading {}
    }

    private final MoonshineSettings settings;
    private final ProbeContext ctx;
    private final IdleWindow idle;
    /** What {@code auto} found; null until a server answered (and again after it went away). */
    private volatile Flavor detected;
    private volatile boolean spawnEnded;
    /** READY or "no model" was seen in this spawn: a 503 now is a hang, not a load. */
    private boolean wasUp;

    MoonshineProbe(MoonshineSettings settings, ProbeContext ctx) {
        this.settings = settings;
        this.ctx = ctx;
        this.idle = new IdleWindow(settings.idleAfter());
    }

    @Override
    public ProbeResult check(Instant deadline) throws InterruptedException {
        if (spawnEnded) {
            spawnEnded = false;
            forget();
        }
        return switch (read(deadline)) {
            case Reading.Down _ -> {
                forget();
                yield new ProbeResult.Starting(refused());
            }
            case Reading.Loading l -> {
                idle.reset();
                yield wasUp ? new ProbeResult.Failed(l.detail() + " after the server was up: hung or replaced", true)
                        : new ProbeResult.Warming(l.detail(), null);
            }
            case Reading.Loaded l -> {
                idle.reset();
                wasUp = true;
                yield new ProbeResult.Ready(l.models(), l.detail());
            }
            case Reading.NoModel n -> {
                wasUp = true;
                yield idle.held(ctx.clock().instant())
                        ? new ProbeResult.Idle(n.detail(), n.models())
                        : new ProbeResult.Warming(n.soFar() + "; idle once that holds for " + human(idle.length()), null);
            }
            case Reading.Broken b -> {
                idle.reset();
                yield new ProbeResult.Failed(b.detail(), b.definitive());
            }
        };
    }

    /**
     * The same cheap GETs as a check ({@code /health}; for speaches then {@code /api/ps}), never a
     * transcription; no idle window, no history.
     */
    @Override
    public ProbeResult adopt(Instant deadline) throws InterruptedException {
        return switch (read(deadline)) {
            case Reading.Down _ -> new ProbeResult.Starting(refused());
            case Reading.Loading l -> new ProbeResult.Warming(l.detail(), null);
            case Reading.Loaded l -> new ProbeResult.Ready(l.models(), l.detail());
            case Reading.NoModel n -> new ProbeResult.Idle(n.detail(), n.models());
            case Reading.Broken b -> new ProbeResult.Failed(b.detail(), b.definitive());
        };
    }

    /**
     * No Moonshine exit has a documented meaning (hal0's server stays up when its load fails); the
     * end of the process only starts the next spawn with a fresh idle window and a fresh detection.
     */
    @Override
    public Optional<String> explainExit(ExitInfo exit) {
        spawnEnded = true;
        return Optional.empty();
    }

    /** {@code GET /health}: hal0's says {@code model_loaded}; speaches' is a plain {@code OK}, then {@code /api/ps} tells. */
    private Reading read(Instant deadline) throws InterruptedException {
        Flavor flavor = detected != null ? detected : settings.flavor();
        Duration timeout = timeout(deadline);
        if (timeout == null) return noTime();
        return switch (Call.get(ctx.http(), settings.resolve("/health"), timeout, settings.apiKey())) {
            case Call.Reply.Refused _ -> new Reading.Down();
            case Call.Reply.TimedOut t -> new Reading.Broken("GET /health: no answer within " + human(t.after()), true);
            case Call.Reply.Broken b -> new Reading.Broken("GET /health: " + b.why(), true);
            case Call.Reply.Answer a when a.status() == 200 -> {
                Map<?, ?> object = object(a.body());
                if (flavor != Flavor.SPEACHES && object != null && object.containsKey("model_loaded")) {
                    if (flavor == Flavor.AUTO) detected = Flavor.HAL0;
                    yield hal0(object);
                }
                if (flavor == Flavor.HAL0) {
                    yield new Reading.Broken("GET /health has no model_loaded: not hal0's moonshine_server.py (flavor = \"hal0\")", true);
                }
                yield loadedModels(deadline);
            }
            case Call.Reply.Answer a when a.status() == 503 -> new Reading.Loading("GET /health: HTTP 503" + snippet(a.body()));
            case Call.Reply.Answer a -> new Reading.Broken("GET /health: HTTP " + a.status() + snippet(a.body()), true);
        };
    }

    private Reading hal0(Map<?, ?> health) {
        if (!(health.get("model_loaded") instanceof Boolean loaded)) {
            return new Reading.Broken("GET /health: model_loaded is not true or false", true);
        }
        if (!loaded) {
            return new Reading.NoModel(List.of(), "model_loaded is false",
                    "up, no model loaded (hal0's moonshine_server.py never retries a failed load; restart to retry)");
        }
        String id = health.get("model_id") instanceof String s ? s : "moonshine";
        String arch = health.get("model_arch") instanceof String s ? " (arch " + s + ")" : "";
        List<ProbeResult.Model> models = List.of(new ProbeResult.Model(id, "loaded", null));
        if (settings.model() != null && !settings.model().equals(id)) {
            String serves = "serves " + id + arch + ", not the configured model " + settings.model();
            return new Reading.NoModel(models, serves, "up, " + serves + " (its model is chosen by --model_arch)");
        }
        return new Reading.Loaded(models, "model loaded: " + id + arch);
    }

    /**
     * speaches' {@code GET /api/ps} → {@code {"models":[ids]}}, once {@code /health} said 200. A server
     * without it (404) is up, and that is all one can tell: READY on liveness.
     */
    private Reading loadedModels(Instant deadline) throws InterruptedException {
        Duration timeout = timeout(deadline);
        if (timeout == null) return noTime();
        return switch (Call.get(ctx.http(), settings.resolve("/api/ps"), timeout, settings.apiKey())) {
            case Call.Reply.Refused _ -> new Reading.Down();
            case Call.Reply.TimedOut t -> new Reading.Broken("GET /api/ps: no answer within " + human(t.after()), true);
            case Call.Reply.Broken b -> new Reading.Broken("GET /api/ps: " + b.why(), true);
            case Call.Reply.Answer a when a.status() == 200 -> psAnswer(a.body());
            case Call.Reply.Answer a when a.status() == 401 || a.status() == 403 -> new Reading.Broken(
                    "GET /api/ps: HTTP " + a.status() + ": the API key is " + (settings.apiKey() == null ? "missing (set api_key)" : "wrong (api_key)"),
                    true);
            case Call.Reply.Answer a when a.status() == 404 -> livenessOnly();
            case Call.Reply.Answer a when a.status() == 503 -> new Reading.Loading("GET /api/ps: HTTP 503" + snippet(a.body()));
            case Call.Reply.Answer a -> new Reading.Broken("GET /api/ps: HTTP " + a.status() + snippet(a.body()), true);
        };
    }

    private Reading psAnswer(String body) {
        Map<?, ?> object = object(body);
        List<String> ids = object != null && object.get("models") instanceof List<?> list ? ids(list) : null;
        if (ids == null) return new Reading.Broken("GET /api/ps: not a {\"models\":[...]} answer" + snippet(body), true);
        if (settings.flavor() == Flavor.AUTO) detected = Flavor.SPEACHES;
        List<ProbeResult.Model> models = ids.stream().map(id -> new ProbeResult.Model(id, "loaded", null)).toList();
        String wanted = settings.model();
        if (wanted == null ? !ids.isEmpty() : ids.contains(wanted)) {
            return new Reading.Loaded(models, "loaded: " + String.join(", ", ids));
        }
        String soFar = wanted == null ? "/api/ps lists no model" : "/api/ps does not list " + wanted;
        String idle = wanted == null ? "up, no model loaded (speaches loads models on first use)"
                : "up, " + wanted + " not loaded (speaches loads models on first use)";
        return new Reading.NoModel(models, soFar, ids.isEmpty() ? idle : idle + "; loaded: " + String.join(", ", ids));
    }

    /** Entries are ids (speaches); an object with an id, model or name (Ollama-like) is taken too. */
    private static List<String> ids(List<?> entries) {
        List<String> ids = new ArrayList<>();
        for (Object e : entries) {
            if (e instanceof String s) {
                ids.add(s);
            } else if (e instanceof Map<?, ?> m && firstString(m, "id", "model", "name") instanceof String s) {
                ids.add(s);
            } else {
                return null;
            }
        }
        return ids;
    }

    private static Object firstString(Map<?, ?> m, String... keys) {
        for (String k : keys) {
            if (m.get(k) instanceof String s) return s;
        }
        return null;
    }

    private Reading livenessOnly() {
        String unseen = settings.model() == null ? "" : "; cannot see whether " + settings.model() + " is loaded";
        return new Reading.Loaded(List.of(), "up (liveness only: no /api/ps)" + unseen);
    }

    private String refused() {
        Flavor flavor = settings.flavor();
        return flavor == Flavor.SPEACHES ? "not listening yet (refused)" : "loading before bind (refused)";
    }

    /** The next GET's timeout: the configured one, cut to what is left before the deadline. */
    private Duration timeout(Instant deadline) {
        Duration left = Duration.between(ctx.clock().instant(), deadline);
        Duration margin = left.dividedBy(10).compareTo(MARGIN) < 0 ? left.dividedBy(10) : MARGIN;
        left = left.minus(margin);
        if (left.toMillis() < 1) return null;
        return left.compareTo(settings.requestTimeout()) < 0 ? left : settings.requestTimeout();
    }

    private static Reading noTime() {
        return new Reading.Broken("no time left before the check's deadline", false);
    }

    /** The server went away (refused) or the process ended: the next answer may be another server. */
    private void forget() {
        idle.reset();
        wasUp = false;
        detected = null;
    }

    private static Map<?, ?> object(String body) {
        try {
            return Json.parse(body) instanceof Map<?, ?> m ? m : null;
        } catch (Json.Malformed e) {
            return null;
        }
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    /** A short, one-line excerpt of an answer, with the API key blanked should a server echo it. */
    private String snippet(String body) {
        String s = body.strip().replaceAll("\\s+", " ");
        if (settings.apiKey() != null) s = s.replace(settings.apiKey(), "***");
        if (s.isEmpty()) return "";
        return ": " + (s.length() > 120 ? s.substring(0, 120) + "…" : s);
    }
}
