package dev.vigil.api.server;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing of request parameters that are not plain strings. */
final class Params {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

    private Params() {}

    /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, or a bare number of seconds. */
    static Duration duration(String name, String value) {
        Matcher m = DURATION.matcher(value.trim());
        if (!m.matches()) throw ApiException.badRequest(name + ": bad duration \"" + value + "\" (use e.g. 500ms, 30s, 5m)");
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> n;
            case "s" -> n * 1000;
            case "m" -> n * 60_000;
            default -> n * 3_600_000;
        };
        return Duration.ofMillis((long) millis);
    }
}
