package dev.vigil.engine.model;

import java.util.Objects;

/**
 * A service another one waits for before it starts: {@code depends_on = { db = "ready" }}.
 *
 * @param service the name of the service waited for
 * @param condition what it must have reached
 */
public record Dependency(String service, Condition condition) {

    public Dependency {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(condition, "condition");
    }

    /** What a dependency must have reached. */
    public enum Condition {
        /** Spawned: any running state. */
        STARTED,
        /** READY or SERVING (or IDLE: alive and answering). */
        READY,
        /** A oneshot that exited 0. */
        COMPLETED;

        /** Whether a service in {@code state} meets this condition. */
        public boolean heldBy(ServiceState state) {
            return switch (this) {
                // A oneshot that completed has been started and ready: waiting for more would wait forever.
                case STARTED -> state.isRunning() || state == ServiceState.COMPLETED;
                case READY -> state.isReady() || state == ServiceState.IDLE || state == ServiceState.COMPLETED;
                case COMPLETED -> state == ServiceState.COMPLETED;
            };
        }
    }
}
