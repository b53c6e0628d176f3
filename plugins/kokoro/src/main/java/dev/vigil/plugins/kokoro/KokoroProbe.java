package dev.vigil.plugins.kokoro;

import dev.vigil.plugins.support.IdleWindow;
import dev.vigil.plugins.support.Call;
import dev.vigil.plugins.support.Json;
import dev.vigil.engine.spi.Probe;
import dev.vigil.engine.spi.ProbeContext;
import dev.vigil.engine.spi.ProbeResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One Kokoro service's probe (PROVIDERS.md §2, §6.3, §6.5).
 *
 * <p>Every Kokoro server loads its model before it binds, so a refused connection is STARTING
 * ("loading before bind"). Kokoro-FastAPI's {@code /health} cannot answer before warm-up, so any 200
 * is READY; hal0's {@code /health} says {@code model_loaded}, and {@code false} (a failed load it
 * never retries) becomes IDLE once it has held for {@code idle_after}; Kokoros has no
 * {@code /health}, and {@code GET /} 200 is READY. No flavor documents a 503; one is WARMING until the
 * server has been up in this spawn, and after that the health-503 hang (§6.1), a definitive failure.
 * No flavor exposes work in flight or a busy state, so a timeout is a definitive failure too.
 *
 * <p>Checks run one at a time (the SPI's promise); {@link #explainExit} may run on another thread
 * and only touches volatile fields.
 */
final class KokoroProbe implements Probe {

    static final String REFUSED = "loading before bind (refused)";
    private static final List<ProbeResult.Model> KOKORO = List.of(new ProbeResult.Model("kokoro", "loaded", null));
    private static final Duration MARGIN = Duration.ofMillis(50);

    /** What one round of GETs says, before the idle window and the adopt rules are applied. */
    private sealed interface Reading {
        record Down() implements Reading {}

        record Loading(String detail) implements Reading {}

        record Loaded(Flavor flavor, String defaultVoice) implements Reading {}

        record NoModel(String defaultVoice) implements Reading {}

        record Broken(String detail, boolean definitive) implements Reading {}
    }

    private final KokoroSettings settings;
    private final ProbeContext ctx;
    private final IdleWindow idle;
    /** What {@code auto} found; null until a server answered (and again after it went away). */
    private volatile Flavor detected;
    private volatile boolean spawnEnded;
    /** The voice part of the READY detail for this stretch of readiness; null: not fetched yet. */
    private String voices;
    /** READY or "no model" was seen in this spawn: a 503 now is a hang, not a load. */
    private boolean wasUp;

    KokoroProbe(KokoroSettings settings, ProbeContext ctx) {
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
                yield new ProbeResult.Starting(REFUSED);
            }
            case Reading.Loading l -> {
                notReady();
                yield wasUp ? new ProbeResult.Failed(l.detail() + " after the server was up: hung or replaced", true)
                        : new ProbeResult.Warming(l.detail(), null);
            }
            case Reading.Loaded l -> {
                idle.reset();
                wasUp = true;
                yield new ProbeResult.Ready(KOKORO, readyDetail(l) + voices(deadline));
            }
            case Reading.NoModel _ -> {
                voices = null;
                wasUp = true;
                yield idle.held(ctx.clock().instant())
                        ? new ProbeResult.Idle(noModel(), List.of())
                        : new ProbeResult.Warming("model_loaded is false; idle once that holds for " + human(idle.length()), null);
            }
            case Reading.Broken b -> {
                notReady();
                yield new ProbeResult.Failed(b.detail(), b.definitive());
            }
        };
    }

    /** One cheap GET ({@code /health}, or {@code /} for Kokoros), never a synthesis; no idle window. */
    @Override
    public ProbeResult adopt(Instant deadline) throws InterruptedException {
        return switch (read(deadline)) {
            case Reading.Down _ -> new ProbeResult.Starting(REFUSED);
            case Reading.Loading l -> new ProbeResult.Warming(l.detail(), null);
            case Reading.Loaded l -> new ProbeResult.Ready(KOKORO, readyDetail(l));
            case Reading.NoModel _ -> new ProbeResult.Idle(noModel(), List.of());
            case Reading.Broken b -> new ProbeResult.Failed(b.detail(), b.definitive());
        };
    }

    /**
     * The documented exits before the bind (the servers load before it): Kokoro-FastAPI's failed load
     * or warm-up makes uvicorn exit 3, missing model files exit 0; Kokoros exits non-zero. hal0's
     * server stays up when its load fails, so its exits have no known meaning.
     */
    @Override
    public Optional<String> explainExit(ExitInfo exit) {
        spawnEnded = true;
        boolean beforeBind = exit.lastResult() == null || exit.lastResult() instanceof ProbeResult.Starting;
        if (!beforeBind || exit.signal() != 0 || exit.code() < 0) return Optional.empty();
        int code = exit.code();
        return switch (settings.flavor()) {
            case HAL0 -> Optional.empty();
            case KOKOROS -> code == 0 ? Optional.empty()
                    : Optional.of("model load failed (Kokoros loads its TTS instances before it binds; exit " + code + ")");
            case FASTAPI, AUTO -> switch (code) {
                case 3 -> Optional.of("model load or warm-up failed (uvicorn start-up failure, exit 3)");
                case 0 -> Optional.of("exited 0 before binding (Kokoro-FastAPI does so when its model files are missing)");
                default -> settings.flavor() == Flavor.AUTO
                        ? Optional.of("exit " + code + " while loading the model (before binding)")
                        : Optional.empty();
            };
        };
    }

    private Reading read(Instant deadline) throws InterruptedException {
        Flavor flavor = detected != null ? detected : settings.flavor();
        if (flavor == Flavor.KOKOROS) return root(deadline);
        Duration timeout = timeout(deadline);
        if (timeout == null) return noTime();
        return switch (Call.get(ctx.http(), settings.resolve("/health"), timeout, null)) {
            case Call.Reply.Refused _ -> new Reading.Down();
            case Call.Reply.TimedOut t -> new Reading.Broken("GET /health: no answer within " + human(t.after()), true);
            case Call.Reply.Broken b -> new Reading.Broken("GET /health: " + b.why(), true);
            case Call.Reply.Answer a when a.status() == 200 -> health(a.body(), flavor);
            case Call.Reply.Answer a when a.status() == 503 -> new Reading.Loading("GET /health: HTTP 503" + snippet(a.body()));
            case Call.Reply.Answer a when a.status() == 404 && flavor == Flavor.AUTO -> root(deadline);
            case Call.Reply.Answer a when a.status() == 404 -> new Reading.Broken(
                    "GET /health: HTTP 404 (" + flavor.server() + " serves /health; Kokoros does not: flavor = \"kokoros\")", true);
            case Call.Reply.Answer a -> new Reading.Broken("GET /health: HTTP " + a.status() + snippet(a.body()), true);
        };
    }

    /** A {@code /health} 200: hal0's carries {@code model_loaded}; Kokoro-FastAPI's cannot answer before warm-up. */
    private Reading health(String body, Flavor flavor) {
        Map<?, ?> object = null;
        try {
            if (Json.parse(body) instanceof Map<?, ?> m) object = m;
        } catch (Json.Malformed e) {
            if (flavor == Flavor.HAL0) return new Reading.Broken("GET /health: not JSON (" + e.getMessage() + ")", true);
        }
        if (object != null && object.containsKey("model_loaded")) {
            if (!(object.get("model_loaded") instanceof Boolean loaded)) {
                return new Reading.Broken("GET /health: model_loaded is not true or false", true);
            }
            if (settings.flavor() == Flavor.AUTO) detected = Flavor.HAL0;
            String voice = object.get("default_voice") instanceof String v ? v : null;
            return loaded ? new Reading.Loaded(Flavor.HAL0, voice) : new Reading.NoModel(voice);
        }
        if (flavor == Flavor.HAL0) {
            return new Reading.Broken("GET /health has no model_loaded: not hal0's kokoro_server.py (flavor = \"hal0\")", true);
        }
        if (flavor == Flavor.AUTO && !(object != null && "healthy".equals(object.get("status")))) {
            // Not a shape PROVIDERS.md documents (e.g. speaches serving Kokoro answers "OK"): up, and no more is known.
            return new Reading.Loaded(Flavor.AUTO, null);
        }
        if (settings.flavor() == Flavor.AUTO) detected = Flavor.FASTAPI;
        return new Reading.Loaded(Flavor.FASTAPI, null);
    }

    /** Kokoros: {@code GET /} → 200 {@code OK} "to check if the server is running". */
    private Reading root(Instant deadline) throws InterruptedException {
        Duration timeout = timeout(deadline);
        if (timeout == null) return noTime();
        return switch (Call.get(ctx.http(), settings.resolve("/"), timeout, null)) {
            case Call.Reply.Refused _ -> new Reading.Down();
            case Call.Reply.TimedOut t -> new Reading.Broken("GET /: no answer within " + human(t.after()), true);
            case Call.Reply.Broken b -> new Reading.Broken("GET /: " + b.why(), true);
            case Call.Reply.Answer a when a.status() == 200 -> {
                if (settings.flavor() == Flavor.AUTO) detected = Flavor.KOKOROS;
                yield new Reading.Loaded(Flavor.KOKOROS, null);
            }
            case Call.Reply.Answer a when a.status() == 503 -> new Reading.Loading("GET /: HTTP 503" + snippet(a.body()));
            case Call.Reply.Answer a -> new Reading.Broken("GET /: HTTP " + a.status() + snippet(a.body()), true);
        };
    }

    private static String readyDetail(Reading.Loaded l) {
        return switch (l.flavor()) {
            case HAL0 -> "model loaded" + (l.defaultVoice() == null ? "" : "; default voice " + l.defaultVoice());
            case FASTAPI -> "healthy: model loaded and warmed up";
            case KOKOROS -> "up: GET / answers (Kokoros binds after loading)";
            case AUTO -> "up: GET /health answers 200, though not as a known Kokoro server does (readiness on liveness only)";
        };
    }

    private static String noModel() {
        return "up, no model loaded (hal0's kokoro_server.py never retries a failed load; restart to retry)";
    }

    /**
     * "; N voices" from {@code GET /v1/audio/voices}, fetched once per stretch of readiness; empty when
     * the list cannot be had (it is information, not a readiness condition).
     */
    private String voices(Instant deadline) throws InterruptedException {
        if (voices != null) return voices;
        Duration timeout = timeout(deadline);
        if (timeout == null) return "";
        voices = "";
        if (Call.get(ctx.http(), settings.resolve("/v1/audio/voices"), timeout, null) instanceof Call.Reply.Answer a
                && a.status() == 200) {
            try {
                // Kokoro-FastAPI: [{"id":..,"name":..}]; its ?legacy=true, hal0's and Kokoros: ["af_bella", ...]
                if (Json.parse(a.body()) instanceof Map<?, ?> m && m.get("voices") instanceof List<?> list) {
                    voices = "; " + list.size() + (list.size() == 1 ? " voice" : " voices");
                }
            } catch (Json.Malformed e) {
                ctx.logger().log(System.Logger.Level.DEBUG, "voice list is not JSON: {0}", e.getMessage());
            }
        }
        return voices;
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

    private void notReady() {
        idle.reset();
        voices = null;
    }

    /** The server went away (refused) or the process ended: the next answer may be another server. */
    private void forget() {
        notReady();
        wasUp = false;
        detected = null;
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    private static String snippet(String body) {
        String s = body.strip().replaceAll("\\s+", " ");
        if (s.isEmpty()) return "";
        return ": " + (s.length() > 120 ? s.substring(0, 120) + "…" : s);
    }
}
