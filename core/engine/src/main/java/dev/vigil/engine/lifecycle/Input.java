package dev.vigil.engine.lifecycle;

import dev.vigil.engine.model.ExitStatus;
import dev.vigil.engine.model.ServiceState;
import java.time.Instant;

/** Everything that can happen to a service, as the lifecycle sees it. */
public sealed interface Input {

    /** An operator, autostart or a dependency wants the service running. */
    record Start(String by) implements Input {}

    /** An operator wants it stopped; never a crash. */
    record Stop(String by) implements Input {}

    /** Stop, then start again once every process is gone. */
    record Restart(String by) implements Input {}

    /**
     * A child could not be spawned at all (no such file, not executable, bad cwd, a declared port in
     * use); {@code reason} is the whole cause, e.g. {@code exec failed: ...}.
     */
    record SpawnFailed(String child, String reason) implements Input {}

    /**
     * A child process ended.
     *
     * @param remaining how many processes of this service's children are still alive
     * @param outcome what the exit means under the service's restart policy (the unit decides it)
     * @param explanation the provider's words for it ({@code model load failed}), or null
     */
    record Exited(String child, long pid, ExitStatus exit, int remaining, Outcome outcome, String explanation) implements Input {
        public Exited(String child, long pid, ExitStatus exit, int remaining, Outcome outcome) {
            this(child, pid, exit, remaining, outcome, null);
        }
    }

    /** A dependency this service waits for failed for good: the service will not start. */
    record DependencyFailed(String reason) implements Input {}

    /** A descendant that had left the process group (a daemonized grandchild) is gone. */
    record Reaped(long pid, int remaining) implements Input {}

    /** The readiness sources now say {@code level} (STARTING, WARMING, READY, SERVING, IDLE or UNHEALTHY). */
    record Readiness(ServiceState level, String detail) implements Input {}

    /** A liveness check failed for good: the process is to be killed and counted as a crash. */
    record LivenessFailed(String reason) implements Input {}

    /** {@code ready_timeout} ran out; {@code missing} names what never answered. */
    record ReadyTimeout(String missing) implements Input {}

    /** {@code stop_timeout} ran out while stopping. */
    record StopTimeout() implements Input {}

    /** The backoff delay of a CRASHED service is over. */
    record BackoffElapsed() implements Input {}

    /** The crash bookkeeping has judged the last crash. */
    record Assessed(Verdict verdict) implements Input {}

    /** What a child's exit means for the service, given its restart policy. */
    enum Outcome {
        /** A oneshot finished well and no other child is left. */
        COMPLETED,
        /** A clean exit the policy does not restart. */
        CLEAN,
        /** Anything the policy restarts, and every failure: goes through the crash bookkeeping. */
        CRASH,
        /** A oneshot child finished well while siblings still run: nothing to do yet. */
        PARTIAL
    }

    /** The crash bookkeeping's judgement of one crash. */
    sealed interface Verdict {
        /** Start again at {@code at}. */
        record Restart(Instant at) implements Verdict {}

        /** Give up: the service becomes FAILED. */
        record GiveUp(String reason) implements Verdict {}
    }
}
