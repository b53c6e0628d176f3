package dev.vigil.dsl.toml;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads byte sizes: {@code 4096}, {@code 512KB}, {@code 10MB}, {@code 1GiB}, {@code 1.5G}.
 *
 * <p>Every unit counts in 1024s ({@code KB} is {@code KiB}), as file sizes are usually meant; case
 * does not matter and a space may stand before the unit. A leading {@code -} gives a negative size:
 * a validator decides whether that is allowed. Fractions of a byte are dropped.
 */
final class Sizes {

    static final String EXAMPLES = "use e.g. 512KB, 10MB, 1GiB, or a number of bytes";

    private static final Pattern SIZE =
            Pattern.compile("(-?\\d+(?:\\.\\d+)?) ?(?:([KMGT])(?:I?B)?|B)?", Pattern.CASE_INSENSITIVE);
    private static final BigInteger LARGEST = BigInteger.valueOf(Long.MAX_VALUE);

    private Sizes() {}

    /**
     * The number of bytes {@code text} means.
     *
     * @throws IllegalArgumentException with a message for people, e.g. {@code bad size "10XB" (use
     *     e.g. 512KB, 10MB, 1GiB, or a number of bytes)}
     */
    static long parse(String text) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("bad size " + TomlText.quote(text) + " (" + EXAMPLES + ")");
        }
        int power = m.group(2) == null ? 0 : "KMGT".indexOf(m.group(2).toUpperCase(Locale.ROOT)) + 1;
        BigInteger bytes = new BigDecimal(m.group(1))
                .multiply(new BigDecimal(BigInteger.ONE.shiftLeft(10 * power)))
                .toBigInteger();
        if (bytes.abs().compareTo(LARGEST) > 0) {
            throw new IllegalArgumentException("size " + TomlText.quote(text) + " is too large");
        }
        return bytes.longValue();
    }
}
