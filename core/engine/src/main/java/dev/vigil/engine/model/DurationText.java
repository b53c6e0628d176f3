package dev.vigil.engine.model;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them everywhere in vigil: {@code 500ms}, {@code 3s}, {@code 5m},
 * {@code 1h}, {@code 1d}, {@code 1h30m}, {@code 1.5s}, {@code 0}. One grammar for provider tables
 * and API parameters (the TOML loader applies the same one, with positions of its own).
 */
public final class DurationText {

    public static final String EXAMPLES = "use e.g. 500ms, 3s, 5m, 1h30m";

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");
    private static final BigInteger LONGEST = BigInteger.valueOf(Long.MAX_VALUE);

    private DurationText() {}

    /**
     * The duration {@code text} means; never negative.
     *
     * @throws IllegalArgumentException with a message for people, e.g. {@code bad duration "10x" (use
     *     e.g. 500ms, 3s, 5m, 1h30m)}
     */
    public static Duration parse(String text) {
        String body = text.strip();
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
        BigInteger whole = nanos.toBigInteger();
        if (whole.compareTo(LONGEST) > 0) throw new IllegalArgumentException("duration \"" + text + "\" is too long");
        return Duration.ofNanos(whole.longValue());
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
        return new IllegalArgumentException("bad duration \"" + text + "\" (" + EXAMPLES + ")");
    }

}
