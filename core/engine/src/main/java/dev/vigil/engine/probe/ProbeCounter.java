package dev.vigil.engine.probe;

import java.util.Optional;

/**
 * Counts consecutive results of one probe against its thresholds and says when its verdict flips.
 *
 * <p>The verdict starts unknown: the first one needs a full threshold of its own kind, like every later
 * flip. Not thread-safe; {@link ProbeLoop} calls it under its lock.
 */
final class ProbeCounter {

    private final int successThreshold;
    private final int failureThreshold;
    private Boolean verdict;
    private int consecutive;
    private CheckResult last;

    ProbeCounter(int successThreshold, int failureThreshold) {
        if (successThreshold < 1 || failureThreshold < 1) throw new IllegalArgumentException("thresholds must be at least 1");
        this.successThreshold = successThreshold;
        this.failureThreshold = failureThreshold;
    }

    /** Counts {@code r}; returns the new verdict (true = passing) when this result flips it, else empty. */
    Optional<Boolean> record(CheckResult r) {
        boolean passed = r.passed();
        consecutive = last != null && last.passed() == passed ? consecutive + 1 : 1;
        last = r;
        if (consecutive < (passed ? successThreshold : failureThreshold)) return Optional.empty();
        if (verdict != null && verdict == passed) return Optional.empty();
        verdict = passed;
        return Optional.of(passed);
    }

    /** The latest result, if any check completed yet. */
    Optional<CheckResult> lastResult() {
        return Optional.ofNullable(last);
    }

    /** How many results in a row were of the latest result's kind. */
    int consecutive() {
        return consecutive;
    }

    /** The current verdict, empty while still unknown. */
    Optional<Boolean> verdict() {
        return Optional.ofNullable(verdict);
    }
}
