package dev.vigil.engine.model;

import java.time.Duration;
import java.util.Objects;

/**
 * How restarts of a crashing service are spaced, and when vigil gives up.
 *
 * <p>The n-th consecutive restart waits {@code min(max, initial * factor^(n-1))}, spread by
 * {@code ±jitter} (a fraction). A service that stayed up for {@code resetAfter} counts from zero
 * again. More than {@code maxRestarts} restarts within {@code window} make it FAILED.
 */
public record BackoffPolicy(
        Duration initial, double factor, Duration max, double jitter, Duration resetAfter, int maxRestarts, Duration window) {

    /**
     * The defaults a loader applies where a declaration is silent. {@code max} is one minute so that
     * ten restarts (1+2+4+...+32 s, then 60 s each: about 5 min) fit in the ten-minute window: a
     * service that keeps crashing does end FAILED.
     */
    public static final BackoffPolicy DEFAULT = new BackoffPolicy(
            Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1), 0.1, Duration.ofMinutes(10), 10, Duration.ofMinutes(10));

    public BackoffPolicy {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(resetAfter, "resetAfter");
        Objects.requireNonNull(window, "window");
        if (initial.isNegative() || max.isNegative() || resetAfter.isNegative() || window.isNegative()) {
            throw new IllegalArgumentException("backoff durations must not be negative");
        }
        if (!(factor >= 1.0) || Double.isInfinite(factor)) throw new IllegalArgumentException("backoff factor must be >= 1, got " + factor);
        if (!(jitter >= 0 && jitter <= 1)) throw new IllegalArgumentException("backoff jitter must be in [0, 1], got " + jitter);
        if (maxRestarts < 0) throw new IllegalArgumentException("max_restarts must not be negative");
    }
}
