package dev.vigil.engine.model;

/** The lifecycle states of a service (and of each of its children). See DESIGN.md "Lifecycle". */
public enum ServiceState {
    OFFLINE,
    STARTING,
    WARMING,
    READY,
    SERVING,
    IDLE,
    UNHEALTHY,
    STOPPING,
    CRASHED,
    FAILED,
    COMPLETED;

    /** True while a process of the service is meant to be alive (spawned and not being stopped). */
    public boolean isRunning() {
        return switch (this) {
            case STARTING, WARMING, READY, SERVING, IDLE, UNHEALTHY -> true;
            default -> false;
        };
    }

    /** True where a service answers requests: READY or SERVING. */
    public boolean isReady() {
        return this == READY || this == SERVING;
    }

    /** True where nothing more happens without an operator: a blocking start stops waiting here. */
    public boolean isTerminal() {
        return this == FAILED || this == COMPLETED || this == OFFLINE;
    }
}
