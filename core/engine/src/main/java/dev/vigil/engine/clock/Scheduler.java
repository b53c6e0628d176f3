package dev.vigil.engine.clock;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Time for the engine: the current instant and one-shot timers. Injected, so that tests drive a
 * fake clock instead of sleeping.
 *
 * <p>Timer tasks must be short: they only post an input to a unit's mailbox.
 */
public interface Scheduler extends InstantSource {

    /** Runs {@code task} once after {@code delay} (at once if it is zero or negative). */
    Timer schedule(Duration delay, Runnable task);

    /** Runs {@code task} once at {@code at}. */
    default Timer scheduleAt(Instant at, Runnable task) {
        return schedule(Duration.between(instant(), at), task);
    }

    /** A pending timer. */
    interface Timer {
        /** Cancels it; harmless when it already ran. */
        void cancel();
    }
}
