package dev.vigil.engine.metrics;

import java.util.Arrays;

/**
 * A Prometheus histogram of durations, for one series: counts of observations per upper bound,
 * their sum and their count. Bounds are in seconds, as Prometheus wants; observations are whole
 * nanoseconds and summed as such, so that the sum has no rounding drift.
 *
 * <p>Thread-safe: {@link #observe} and {@link #snapshot} take this histogram's monitor for a few
 * array writes, so an observer never waits long for a scrape nor a scrape for an observer.
 */
final class Histogram {

    private final double[] bounds;
    private final long[] boundNanos;
    private final long[] counts; // per bucket, not cumulative; the last one is +Inf
    private long sumNanos;
    private long count;

    /** @param bounds the finite upper bounds in seconds, strictly increasing; {@code +Inf} is implied */
    Histogram(double[] bounds) {
        for (int i = 1; i < bounds.length; i++) {
            if (!(bounds[i] > bounds[i - 1])) throw new IllegalArgumentException("bucket bounds must increase: " + Arrays.toString(bounds));
        }
        this.bounds = bounds.clone();
        this.boundNanos = Arrays.stream(bounds).mapToLong(b -> Math.round(b * 1e9)).toArray();
        this.counts = new long[bounds.length + 1];
    }

    /**
     * Counts one duration, in the first bucket whose bound is at least {@code nanos} (Prometheus's
     * {@code le}); a negative one (a wall clock stepped back) counts as zero.
     */
    synchronized void observe(long nanos) {
        long n = Math.max(0, nanos);
        int i = 0;
        while (i < boundNanos.length && n > boundNanos[i]) i++;
        counts[i]++;
        sumNanos += n;
        count++;
    }

    /** The buckets as the text format wants them: cumulative. */
    synchronized Snapshot snapshot() {
        long[] cumulative = new long[counts.length];
        long running = 0;
        for (int i = 0; i < counts.length; i++) {
            running += counts[i];
            cumulative[i] = running;
        }
        return new Snapshot(bounds, cumulative, sumNanos / 1e9, count);
    }

    /**
     * One reading.
     *
     * @param bounds the finite upper bounds in seconds (shared, never written)
     * @param cumulative observations at or below each bound, then the total ({@code +Inf})
     * @param sum the sum of the observations, in seconds
     */
    record Snapshot(double[] bounds, long[] cumulative, double sum, long count) {}
}
