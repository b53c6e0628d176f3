package dev.vigil.dsl.js;

import dev.vigil.engine.spi.ProbeResult;
import java.util.List;
import java.util.stream.Collectors;
import org.graalvm.polyglot.Value;

/**
 * What {@code ready(ctx)} may return, and what it means for readiness: a state string ({@code
 * "starting" | "warming" | "ready" | "idle" | "serving"}) or {@code {state, detail}}. Anything else is
 * a broken rule. Also the other way: {@code ctx.probe} as JSON.
 */
final class RuleAnswer {

    static final List<String> STATES = List.of("starting", "warming", "ready", "idle", "serving");
    private static final String EXPECTED = "expected one of \"starting\", \"warming\", \"ready\", \"idle\", \"serving\" or {state, detail}";

    private RuleAnswer() {}

    /**
     * The answer {@code v} stands for.
     *
     * @param line where {@code ready} is declared, for the message of a wrong answer
     * @throws JsRuntime.BadAnswer when {@code v} is no answer
     */
    static ProbeResult of(Value v, int line) {
        String state;
        String detail = null;
        if (v.isString()) {
            state = v.asString();
        } else if (v.hasMembers() && !v.canExecute() && v.hasMember("state") && v.getMember("state").isString()) {
            state = v.getMember("state").asString();
            Value d = v.getMember("detail");
            if (d != null && !d.isNull()) {
                if (!d.isString()) throw new JsRuntime.BadAnswer("ready(ctx) returned a detail that is not a string: " + show(d), line);
                detail = d.asString();
            }
        } else {
            throw new JsRuntime.BadAnswer("ready(ctx) returned " + show(v) + "; " + EXPECTED, line);
        }
        String why = detail != null ? detail : "rule says " + state;
        return switch (state) {
            case "starting" -> new ProbeResult.Starting(why);
            case "warming" -> new ProbeResult.Warming(why, null);
            case "ready" -> new ProbeResult.Ready(List.of(), detail);
            case "idle" -> new ProbeResult.Idle(why, List.of());
            case "serving" -> new ProbeResult.Serving(0, List.of(), detail);
            default -> throw new JsRuntime.BadAnswer("ready(ctx) returned state " + show(v.isString() ? v : v.getMember("state"))
                    + "; " + EXPECTED, line);
        };
    }

    private static String show(Value v) {
        String s = v.isString() ? Glue.quote(v.asString()) : String.valueOf(v);
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    /** {@code ctx.probe}: {@code {state, detail}} and, where known, {@code progress}, {@code in_flight}, {@code models}; or null. */
    static String probeJson(ProbeResult p) {
        if (p == null) return "null";
        String state = switch (p) {
            case ProbeResult.Starting s -> "starting";
            case ProbeResult.Warming w -> "warming";
            case ProbeResult.Ready r -> "ready";
            case ProbeResult.Serving s -> "serving";
            case ProbeResult.Idle i -> "idle";
            case ProbeResult.Failed f -> "failed";
        };
        StringBuilder b = new StringBuilder("{\"state\":").append(Glue.quote(state)).append(",\"detail\":").append(Glue.quote(p.detail()));
        List<ProbeResult.Model> models = switch (p) {
            case ProbeResult.Ready r -> r.models();
            case ProbeResult.Serving s -> s.models();
            case ProbeResult.Idle i -> i.models();
            default -> List.of();
        };
        if (p instanceof ProbeResult.Warming w && w.progress() != null) b.append(",\"progress\":").append(w.progress());
        if (p instanceof ProbeResult.Serving s) b.append(",\"in_flight\":").append(s.inFlight());
        b.append(",\"models\":[").append(models.stream()
                .map(m -> "{\"id\":" + Glue.quote(m.id()) + ",\"state\":" + Glue.quote(m.state()) + "}")
                .collect(Collectors.joining(","))).append("]}");
        return b.toString();
    }
}
