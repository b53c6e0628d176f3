package dev.vigil.engine.model;

/**
 * Where a task's current run stands. A submit of a {@link #FAILED} task runs it again; of a
 * {@link #RUNNING} or {@link #COMPLETED} one, returns it unchanged.
 */
public enum TaskState {
    /** Its process (or provider action) runs now. */
    RUNNING,
    /** The run ended well: exit 0, or the provider action succeeded. */
    COMPLETED,
    /** The run ended badly: a non-zero exit, a signal, a timeout, a spawn or provider failure. */
    FAILED;

    public boolean finished() {
        return this != RUNNING;
    }
}
