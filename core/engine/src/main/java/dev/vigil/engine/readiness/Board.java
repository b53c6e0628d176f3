package dev.vigil.engine.readiness;

import dev.vigil.engine.model.ServiceState;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The answers of every readiness source of one spawn, and what they add up to: READY when all
 * hold, WARMING when none is missing but some say "not yet", IDLE when one serves nothing, SERVING
 * when one has work in flight, STARTING otherwise. Not thread-safe:
 * the unit's mailbox only.
 */
final class Board {

    /** A source's answer; SERVING and IDLE hold too, and colour the level. */
    enum Answer { MISSING, WARMING, IDLE, SERVING, HOLDS }

    private record Entry(Answer answer, String detail) {}

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /** Declares a source, missing until it answers. {@code name} is for people: "marker of child ui". */
    void require(String name) {
        entries.put(name, new Entry(Answer.MISSING, null));
    }

    void set(String name, Answer answer, String detail) {
        if (entries.containsKey(name)) entries.put(name, new Entry(answer, detail));
    }

    boolean holds(String name) {
        Entry e = entries.get(name);
        return e != null && e.answer() == Answer.HOLDS;
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    ServiceState level() {
        if (entries.values().stream().anyMatch(e -> e.answer() == Answer.MISSING)) return ServiceState.STARTING;
        if (entries.values().stream().anyMatch(e -> e.answer() == Answer.WARMING)) return ServiceState.WARMING;
        if (entries.values().stream().anyMatch(e -> e.answer() == Answer.IDLE)) return ServiceState.IDLE;
        if (entries.values().stream().anyMatch(e -> e.answer() == Answer.SERVING)) return ServiceState.SERVING;
        return ServiceState.READY;
    }

    /** Why the level is what it is: the sources not holding, with their details. */
    String detail() {
        String waiting = entries.entrySet().stream()
                .filter(e -> e.getValue().answer() != Answer.HOLDS && e.getValue().answer() != Answer.SERVING)
                .map(e -> e.getValue().detail() == null ? e.getKey() : e.getKey() + " (" + e.getValue().detail() + ")")
                .collect(Collectors.joining(", "));
        if (waiting.isEmpty()) return "ready: " + String.join(", ", entries.keySet());
        return level() == ServiceState.IDLE ? "idle: " + waiting : "waiting for " + waiting;
    }
}
