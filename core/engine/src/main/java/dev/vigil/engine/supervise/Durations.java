package dev.vigil.engine.supervise;

import java.time.Duration;

/** Durations as people write them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h30m}. */
final class Durations {

    private Durations() {}

    static String format(Duration d) {
        if (d.isZero()) return "0s";
        StringBuilder sb = new StringBuilder();
        long h = d.toHours();
        int m = d.toMinutesPart();
        int s = d.toSecondsPart();
        int ms = d.toMillisPart();
        if (h > 0) sb.append(h).append('h');
        if (m > 0) sb.append(m).append('m');
        if (s > 0) sb.append(s).append('s');
        if (ms > 0) sb.append(ms).append("ms");
        return sb.isEmpty() ? d.toNanos() + "ns" : sb.toString();
    }
}
