package dev.vigil.engine.metrics;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hawkular.agent.prometheus.text.TextPrometheusMetricDataParser;
import org.hawkular.agent.prometheus.types.Histogram;
import org.hawkular.agent.prometheus.types.Metric;
import org.hawkular.agent.prometheus.types.MetricFamily;
import org.hawkular.agent.prometheus.types.MetricType;

/**
 * A scrape read back by a Prometheus text-format parser (Hawkular's prometheus-scraper), as a
 * scraper would read it, not by regex.
 *
 * <p>That parser skips a line it cannot read (logging it at debug level) instead of failing, so
 * {@link #parse} also checks that it accounted for every sample line: a malformed line fails the
 * test rather than vanishing.
 */
record Scrape(Map<String, MetricFamily> families) {

    static Scrape parse(String text) {
        Map<String, MetricFamily> families = new LinkedHashMap<>();
        var parser = new TextPrometheusMetricDataParser(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        try {
            for (MetricFamily f = parser.parse(); f != null; f = parser.parse()) {
                assertNull(families.put(f.getName(), f), "family " + f.getName() + " appears twice");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long sampleLines = text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
        long parsed = families.values().stream().flatMap(f -> f.getMetrics().stream())
                .mapToLong(m -> m instanceof Histogram h ? h.getBuckets().size() + 2 : 1).sum();
        assertEquals(sampleLines, parsed, "the parser read every sample line of\n" + text);
        assertTrue(text.endsWith("\n"), "the last line ends with a line feed");
        return new Scrape(families);
    }

    MetricFamily family(String name, MetricType type) {
        MetricFamily f = families.get(name);
        assertNotNull(f, "family " + name + " in " + families.keySet());
        assertEquals(type, f.getType(), name);
        assertFalse(f.getHelp() == null || f.getHelp().isBlank(), name + " has help");
        return f;
    }

    /** The one metric of {@code family} with exactly {@code labels}, or null. */
    Metric metric(String family, MetricType type, Map<String, String> labels) {
        List<Metric> found = family(family, type).getMetrics().stream().filter(m -> m.getLabels().equals(labels)).toList();
        assertTrue(found.size() <= 1, family + labels + " is unique");
        return found.isEmpty() ? null : found.getFirst();
    }

    double gauge(String family, Map<String, String> labels) {
        Metric m = metric(family, MetricType.GAUGE, labels);
        assertNotNull(m, family + labels);
        return ((org.hawkular.agent.prometheus.types.Gauge) m).getValue();
    }

    double counter(String family, Map<String, String> labels) {
        Metric m = metric(family, MetricType.COUNTER, labels);
        assertNotNull(m, family + labels);
        return ((org.hawkular.agent.prometheus.types.Counter) m).getValue();
    }

    Histogram histogram(String family, Map<String, String> labels) {
        Metric m = metric(family, MetricType.HISTOGRAM, labels);
        assertNotNull(m, family + labels);
        return (Histogram) m;
    }

    /** Cumulative count of the bucket whose upper bound is {@code le}. */
    static long bucket(Histogram h, double le) {
        return h.getBuckets().stream().filter(b -> b.getUpperBound() == le).findFirst().orElseThrow(() -> new AssertionError("no bucket " + le))
                .getCumulativeCount();
    }
}
