package dev.vigil.engine.metrics;

import java.math.BigDecimal;

/**
 * Writes the Prometheus text exposition format, version 0.0.4: a family's {@code # HELP} and
 * {@code # TYPE} lines, then its samples, one a line, ending in {@code \n}.
 *
 * <p>Label values are escaped as the format says (backslash, double quote, line feed), and so is
 * help text (backslash, line feed). Metric and label names are the caller's constants, never
 * user input. Not thread-safe: one per scrape.
 */
final class Exposition {

    enum Type {
        COUNTER, GAUGE, HISTOGRAM;

        String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final StringBuilder out = new StringBuilder(8192);

    /** Starts a family. A counter's name is the sample name, {@code _total} included. */
    void family(String name, Type type, String help) {
        out.append("# HELP ").append(name).append(' ');
        for (int i = 0; i < help.length(); i++) {
            char c = help.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        out.append("\n# TYPE ").append(name).append(' ').append(type.text()).append('\n');
    }

    /** One sample; {@code labels} are name, value pairs. */
    void sample(String name, double value, String... labels) {
        out.append(name);
        labels(labels, null);
        out.append(' ').append(number(value)).append('\n');
    }

    /** A histogram's {@code _bucket}, {@code _sum} and {@code _count} samples for one label set. */
    void histogram(String name, Histogram.Snapshot h, String... labels) {
        for (int i = 0; i <= h.bounds().length; i++) {
            out.append(name).append("_bucket");
            labels(labels, i < h.bounds().length ? number(h.bounds()[i]) : "+Inf");
            out.append(' ').append(h.cumulative()[i]).append('\n');
        }
        sample(name + "_sum", h.sum(), labels);
        sample(name + "_count", h.count(), labels);
    }

    private void labels(String[] labels, String le) {
        if (labels.length == 0 && le == null) return;
        out.append('{');
        for (int i = 0; i + 1 < labels.length; i += 2) {
            if (i > 0) out.append(',');
            out.append(labels[i]).append("=\"");
            escapeLabelValue(labels[i + 1]);
            out.append('"');
        }
        if (le != null) out.append(labels.length > 0 ? "," : "").append("le=\"").append(le).append('"');
        out.append('}');
    }

    private void escapeLabelValue(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }

    /**
     * A number as Prometheus's own clients write it: {@code NaN}, {@code +Inf}, {@code 137}, {@code
     * 0.0005} (not {@code 5.0E-4}: an {@code le} label must read the same from every exporter).
     */
    static String number(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
        if (v == 0) return "0";
        double a = Math.abs(v);
        if (a >= 1e-6 && a < 1e15) return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
        return Double.toString(v);
    }

    String text() {
        return out.toString();
    }
}
