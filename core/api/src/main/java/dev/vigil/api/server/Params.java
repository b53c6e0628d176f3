package dev.vigil.api.server;

import dev.vigil.engine.model.DurationText;
import java.time.Duration;
import java.util.regex.Pattern;

/** Parsing of request parameters that are not plain strings. */
final class Params {

    private static final Pattern SECONDS = Pattern.compile("\\d+(?:\\.\\d+)?");

    private Params() {}

    /** vigil's durations ({@code 500ms}, {@code 30s}, {@code 1h30m}, ...) or a bare number of seconds. */
    static Duration duration(String name, String value) {
        String v = value.trim();
        if (SECONDS.matcher(v).matches()) return Duration.ofMillis((long) (Double.parseDouble(v) * 1000));
        try {
            return DurationText.parse(v);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(name + ": " + e.getMessage());
        }
    }
}
