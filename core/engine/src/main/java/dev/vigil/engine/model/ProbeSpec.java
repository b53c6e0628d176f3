package dev.vigil.engine.model;

import java.time.Duration;
import java.util.Objects;

/**
 * One declared probe: what to check, how often, and how many results in a row flip its verdict.
 *
 * <p>Validated when built; the loader applies defaults ({@link #withDefaults}) before that.
 *
 * @param interval the pause between the end of one check and the start of the next
 * @param timeout the bound on one check; a check still running then fails with {@code timed out after ...}
 * @param successThreshold passes in a row that make a failing (or not yet known) probe pass
 * @param failureThreshold failures in a row that make a passing (or not yet known) probe fail
 */
public record ProbeSpec(
        ProbeRole role,
        ProbeTarget target,
        Duration interval,
        Duration timeout,
        int successThreshold,
        int failureThreshold) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    public static final int DEFAULT_SUCCESS_THRESHOLD = 1;
    public static final int DEFAULT_FAILURE_THRESHOLD = 3;

    public ProbeSpec {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(target, "target");
        requirePositive("interval", interval);
        requirePositive("timeout", timeout);
        if (successThreshold < 1) throw new IllegalArgumentException("success_threshold must be at least 1, was " + successThreshold);
        if (failureThreshold < 1) throw new IllegalArgumentException("failure_threshold must be at least 1, was " + failureThreshold);
    }

    /** A probe with interval 1s, timeout 1s, success threshold 1 and failure threshold 3. */
    public static ProbeSpec withDefaults(ProbeRole role, ProbeTarget target) {
        return new ProbeSpec(role, target, DEFAULT_INTERVAL, DEFAULT_TIMEOUT, DEFAULT_SUCCESS_THRESHOLD, DEFAULT_FAILURE_THRESHOLD);
    }

    private static void requirePositive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
}
