package dev.vigil.engine.model;

/** When a service that exited is started again. */
public enum RestartPolicy {
    /** After every exit, clean or not. */
    ALWAYS,
    /** After an exit with a non-zero code, a signal, or a kill by vigil (ready_timeout, liveness). */
    ON_FAILURE,
    /** Never: a failed exit leaves the service FAILED, a clean one OFFLINE. */
    NEVER;

    /** Whether an exit with this status is followed by a restart. */
    public boolean restartsAfter(ExitStatus exit) {
        return switch (this) {
            case ALWAYS -> true;
            case ON_FAILURE -> !exit.isSuccess();
            case NEVER -> false;
        };
    }
}
