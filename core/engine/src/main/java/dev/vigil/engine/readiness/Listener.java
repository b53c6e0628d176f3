package dev.vigil.engine.readiness;

import dev.vigil.engine.model.ServiceState;
import java.time.Duration;

/** What a service's readiness tells its unit; always called on the unit's mailbox. */
public interface Listener {

    /** The sources add up to {@code level} (STARTING, WARMING or READY). */
    void level(ServiceState level, String detail);

    /** The level is unchanged but its reason moved on (what is still missing, and why). */
    default void detail(String detail) {}

    /** A liveness check failed for good (probe, watchdog). */
    void livenessFailed(String reason);

    /** The service asked for more time to get ready ({@code EXTEND_TIMEOUT_USEC}). */
    void extendReadyTimeout(Duration atLeast);

    /** The service's own words ({@code STATUS=}), or null. */
    void statusText(String text);
}
