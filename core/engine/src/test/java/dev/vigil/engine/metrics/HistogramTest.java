package dev.vigil.engine.metrics;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class HistogramTest {

    @Test
    void observe_countsAtTheBoundInThatBucket_andCumulates() {
        Histogram h = new Histogram(new double[] {0.001, 0.01});
        h.observe(1_000_000L);
        h.observe(1_000_001L);
        h.observe(20_000_000L);
        Histogram.Snapshot s = h.snapshot();
        assertArrayEquals(new long[] {1, 2, 3}, s.cumulative());
        assertEquals(3, s.count());
        assertEquals(0.022000001, s.sum(), 1e-15);
    }

    @Test
    void observe_countsANegativeDurationAsZero() {
        Histogram h = new Histogram(new double[] {0.001});
        h.observe(-5);
        assertEquals(0.0, h.snapshot().sum());
        assertEquals(1, h.snapshot().cumulative()[0]);
    }

    @Test
    void new_refusesBoundsThatDoNotIncrease() {
        assertThrows(IllegalArgumentException.class, () -> new Histogram(new double[] {1, 1}));
    }
}
