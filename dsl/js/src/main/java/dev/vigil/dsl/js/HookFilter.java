package dev.vigil.dsl.js;

import dev.vigil.engine.event.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.graalvm.polyglot.Value;

/**
 * The events an event hook declares it wants ({@code var filter = {service: "llm", to: "CRASHED"}}):
 * each key a string or an array of strings, all keys must match; no filter takes every event. Checked
 * in Java, so an event the hook does not want costs no JS context.
 *
 * @param services event services, or empty for any
 * @param to states entered, or empty for any
 * @param from states left, or empty for any
 */
record HookFilter(Set<String> services, Set<String> to, Set<String> from) {

    static final HookFilter ALL = new HookFilter(Set.of(), Set.of(), Set.of());
    private static final List<String> KEYS = List.of("service", "to", "from");

    boolean matches(Event e) {
        return (services.isEmpty() || services.contains(e.service()))
                && (to.isEmpty() || to.contains(e.to().name()))
                && (from.isEmpty() || from.contains(e.from().name()));
    }

    /**
     * The filter a hook's {@code filter} global declares.
     *
     * @throws JsRuntime.BadAnswer when it is not an object of strings or arrays of strings
     */
    static HookFilter of(Value v) {
        if (v == null || v.isNull()) return ALL;
        if (!v.hasMembers() || v.canExecute() || v.hasArrayElements()) {
            throw new JsRuntime.BadAnswer("filter must be an object like {service: \"llm\", to: \"CRASHED\"}, got " + Glue.text(v), 0);
        }
        for (String key : v.getMemberKeys()) {
            if (!KEYS.contains(key)) throw new JsRuntime.BadAnswer("filter: unknown key \"" + key + "\" (known: service, to, from)", 0);
        }
        return new HookFilter(strings(v, "service"), upper(strings(v, "to")), upper(strings(v, "from")));
    }

    private static Set<String> strings(Value filter, String key) {
        Value v = filter.getMember(key);
        if (v == null || v.isNull()) return Set.of();
        if (v.isString()) return Set.of(v.asString());
        if (v.hasArrayElements()) {
            List<String> out = new ArrayList<>();
            for (long i = 0; i < v.getArraySize(); i++) {
                Value e = v.getArrayElement(i);
                if (!e.isString()) throw new JsRuntime.BadAnswer("filter." + key + ": expected strings, got " + Glue.text(e), 0);
                out.add(e.asString());
            }
            return Set.copyOf(out);
        }
        throw new JsRuntime.BadAnswer("filter." + key + ": expected a string or an array of strings, got " + Glue.text(v), 0);
    }

    private static Set<String> upper(Set<String> states) {
        return Set.copyOf(states.stream().map(s -> s.toUpperCase(java.util.Locale.ROOT)).toList());
    }
}
