package dev.vigil.engine.metrics;

import static org.junit.jupiter.api.Assertions.*;

import dev.vigil.engine.metrics.Exposition.Type;
import org.junit.jupiter.api.Test;

class ExpositionTest {

    @Test
    void number_isWhatPrometheusReads() {
        assertEquals("NaN", Exposition.number(Double.NaN));
        assertEquals("+Inf", Exposition.number(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", Exposition.number(Double.NEGATIVE_INFINITY));
        assertEquals("137", Exposition.number(137));
        assertEquals("-2", Exposition.number(-2));
        assertEquals("0.25", Exposition.number(0.25));
        assertEquals("0.0005", Exposition.number(0.0005));
        assertEquals("0.039404137", Exposition.number(0.039404137));
        assertEquals("1800", Exposition.number(1800));
        assertEquals("0", Exposition.number(-0.0));
        assertEquals("1.0E-9", Exposition.number(1e-9));
    }

    @Test
    void family_escapesHelp_andSample_escapesLabelValues() {
        Exposition x = new Exposition();
        x.family("m", Type.GAUGE, "a \\ backslash\nand a line");
        x.sample("m", 1, "service", "a\"b\\c\nd", "state", "READY");
        assertEquals("""
                # HELP m a \\\\ backslash\\nand a line
                # TYPE m gauge
                m{service="a\\"b\\\\c\\nd",state="READY"} 1
                """, x.text());
    }

    @Test
    void histogram_writesCumulativeBuckets_thenSumAndCount() {
        Histogram h = new Histogram(new double[] {0.5, 1});
        h.observe(500_000_000L);
        h.observe(750_000_000L);
        h.observe(7_000_000_000L);
        Exposition x = new Exposition();
        x.histogram("t_seconds", h.snapshot(), "service", "web");
        assertEquals("""
                t_seconds_bucket{service="web",le="0.5"} 1
                t_seconds_bucket{service="web",le="1"} 2
                t_seconds_bucket{service="web",le="+Inf"} 3
                t_seconds_sum{service="web"} 8.25
                t_seconds_count{service="web"} 3
                """, x.text());
    }
}
