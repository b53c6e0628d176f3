package dev.vigil.engine.lifecycle;

import java.time.Instant;

/** What the unit must do after a decision. Effects are applied in order, on the unit's thread. */
public sealed interface Effect {

    /** Spawn every child (once the previous processes are all gone), then arm {@code ready_timeout}. */
    record Spawn() implements Effect {}

    /** SIGTERM every process group and every process carrying one of the service's instance ids. */
    record Terminate() implements Effect {}

    /** SIGKILL the same set. */
    record KillAll() implements Effect {}

    /** Arm the {@code stop_timeout} timer. */
    record ArmStopTimer() implements Effect {}

    /** Cancel the {@code ready_timeout} timer (readiness reached). */
    record CancelReadyTimer() implements Effect {}

    /** Arm the restart timer of a CRASHED service. */
    record ArmRestart(Instant at) implements Effect {}

    /** Cancel every pending timer of the service. */
    record CancelTimers() implements Effect {}

    /** Run the one crash bookkeeping function, which answers with {@link Input.Assessed}. */
    record AssessCrash(String cause) implements Effect {}

    /** Forget the crash history (an operator started a FAILED service). */
    record ResetCrashLoop() implements Effect {}

    /** Remember that a start follows once the service is OFFLINE. */
    record QueueStart() implements Effect {}

    /** Forget a queued start: an operator asked for a stop while a restart was stopping. */
    record DropQueuedStart() implements Effect {}

    /** Note the instant the service became healthy ({@code reset_after} counts from it). */
    record MarkHealthy() implements Effect {}
}
