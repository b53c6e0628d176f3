package dev.vigil.dsl.toml;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations as people write them: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h},
 * {@code 1d}, {@code 1h30m}, {@code 1.5s}, {@code 0s} (and a bare {@code 0}).
 *
 * <p>A leading {@code -} gives a negative duration: whether one is allowed is a validator's call,
 * not the parser's. Fractions below a nanosecond are dropped.
 */
final class Durations {

    static final String EXAMPLES = "use e.g. 500ms, 10s, 5m, 1h";

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");
    private static final BigInteger LONGEST = BigInteger.valueOf(Long.MAX_VALUE);

    private Durations() {}

    /**
     * The duration {@code text} means.
     *
     * @throws IllegalArgumentException with a message for people, e.g. {@code bad duration "10x" (use
     *     e.g. 500ms, 10s, 5m, 1h)}
     */
    static Duration parse(String text) {
        boolean negative = text.startsWith("-");
        String body = negative ? text.substring(1) : text;
        if (body.equals("0")) return Duration.ZERO;
        Matcher part = PART.matcher(body);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < body.length()) {
            if (!part.region(at, body.length()).lookingAt()) throw bad(text);
            nanos = nanos.add(new BigDecimal(part.group(1)).multiply(unitNanos(part.group(2))));
            at = part.end();
        }
        if (at == 0) throw bad(text);
        // Beyond Long.MAX_VALUE nanoseconds (292 years) Duration.toNanos() overflows in whoever
        // computes with it; no timeout or backoff needs that long.
        BigInteger whole = nanos.toBigInteger();
        if (whole.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("duration " + TomlText.quote(text) + " is too long (at most 292 years)");
        }
        Duration duration = Duration.ofNanos(whole.longValue());
        return negative ? duration.negated() : duration;
    }

    private static BigDecimal unitNanos(String unit) {
        long nanos = switch (unit) {
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "d" -> 86_400_000_000_000L;
            default -> throw new IllegalStateException("unit " + unit);
        };
        return BigDecimal.valueOf(nanos);
    }

    private static IllegalArgumentException bad(String text) {
        return new IllegalArgumentException("bad duration " + TomlText.quote(text) + " (" + EXAMPLES + ")");
    }
}
