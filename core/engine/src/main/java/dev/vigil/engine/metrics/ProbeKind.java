package dev.vigil.engine.metrics;

import dev.vigil.engine.model.ProbeTarget;
import java.util.Locale;

/** What a timed check was, as the {@code kind} label of {@code vigil_probe_duration_seconds} says it. */
enum ProbeKind {
    TCP, HTTP, EXEC, UNIX, PROVIDER;

    static ProbeKind of(ProbeTarget target) {
        return switch (target) {
            case ProbeTarget.Tcp t -> TCP;
            case ProbeTarget.Http h -> HTTP;
            case ProbeTarget.Exec e -> EXEC;
            case ProbeTarget.Unix u -> UNIX;
        };
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
