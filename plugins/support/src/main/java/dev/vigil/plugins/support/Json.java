package dev.vigil.plugins.support;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict RFC 8259 reader for the few JSON answers a probe reads.
 *
 * <p>Objects become {@code Map<String, Object>} (insertion order, a repeated key is refused), arrays
 * {@code List<Object>}, strings {@code String}, numbers {@link BigDecimal}, {@code true}/{@code false}
 * {@code Boolean}, and {@code null} a null value. Anything else — trailing commas, leading zeros,
 * raw control characters in strings, bad escapes, text after the value, nesting deeper than
 * {@value #MAX_DEPTH} — is {@link Malformed}. Plugins share no library with vigil itself, hence this
 * class; the built-in Kokoro and Moonshine plugins share it through this small jar.
 */
public final class Json {

    public static final int MAX_DEPTH = 32;

    /** The text is not one valid JSON value. */
    public static final class Malformed extends Exception {
        Malformed(String message, int at) {
            super(message + " at offset " + at);
        }
    }

    private final String s;
    private int i;

    private Json(String s) {
        this.s = s;
    }

    /** The one JSON value {@code text} holds (surrounding whitespace allowed). */
    public static Object parse(String text) throws Malformed {
        Json p = new Json(text);
        p.skipSpace();
        Object v = p.value(0);
        p.skipSpace();
        if (p.i != text.length()) throw new Malformed("text after the value", p.i);
        return v;
    }

    private Object value(int depth) throws Malformed {
        if (depth > MAX_DEPTH) throw new Malformed("nested deeper than " + MAX_DEPTH, i);
        if (i >= s.length()) throw new Malformed("unexpected end", i);
        char c = s.charAt(i);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) yield number();
                throw new Malformed("unexpected '" + c + "'", i);
            }
        };
    }

    private Map<String, Object> object(int depth) throws Malformed {
        i++;
        Map<String, Object> map = new LinkedHashMap<>();
        skipSpace();
        if (peek() == '}') {
            i++;
            return Collections.unmodifiableMap(map);
        }
        while (true) {
            skipSpace();
            if (peek() != '"') throw new Malformed("expected a string key", i);
            int at = i;
            String key = string();
            skipSpace();
            expect(':');
            skipSpace();
            if (map.containsKey(key)) throw new Malformed("repeated key \"" + key + "\"", at);
            map.put(key, value(depth + 1));
            skipSpace();
            char c = next();
            if (c == '}') return Collections.unmodifiableMap(map);
            if (c != ',') throw new Malformed("expected ',' or '}'", i - 1);
        }
    }

    private List<Object> array(int depth) throws Malformed {
        i++;
        List<Object> list = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            i++;
            return Collections.unmodifiableList(list);
        }
        while (true) {
            skipSpace();
            list.add(value(depth + 1));
            skipSpace();
            char c = next();
            if (c == ']') return Collections.unmodifiableList(list);
            if (c != ',') throw new Malformed("expected ',' or ']'", i - 1);
        }
    }

    private String string() throws Malformed {
        i++;
        StringBuilder b = new StringBuilder();
        while (true) {
            if (i >= s.length()) throw new Malformed("unterminated string", i);
            char c = s.charAt(i++);
            if (c == '"') return b.toString();
            if (c < 0x20) throw new Malformed("raw control character in a string", i - 1);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> b.append(hex4());
                default -> throw new Malformed("bad escape \\" + e, i - 1);
            }
        }
    }

    private char hex4() throws Malformed {
        if (i + 4 > s.length()) throw new Malformed("short \\u escape", i);
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int d = Character.digit(s.charAt(i + k), 16);
            if (d < 0) throw new Malformed("bad \\u escape", i);
            v = v * 16 + d;
        }
        i += 4;
        return (char) v;
    }

    private BigDecimal number() throws Malformed {
        int start = i;
        if (peek() == '-') i++;
        if (peek() == '0') {
            i++;
            if (isDigit(peek())) throw new Malformed("leading zero", i);
        } else {
            digits();
        }
        if (peek() == '.') {
            i++;
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            i++;
            if (peek() == '+' || peek() == '-') i++;
            digits();
        }
        return new BigDecimal(s.substring(start, i));
    }

    private void digits() throws Malformed {
        if (!isDigit(peek())) throw new Malformed("expected a digit", i);
        while (isDigit(peek())) i++;
    }

    private Object literal(String word, Object v) throws Malformed {
        if (!s.startsWith(word, i)) throw new Malformed("unexpected '" + s.charAt(i) + "'", i);
        i += word.length();
        return v;
    }

    private void skipSpace() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            i++;
        }
    }

    private void expect(char c) throws Malformed {
        if (next() != c) throw new Malformed("expected '" + c + "'", i - 1);
    }

    private char next() throws Malformed {
        if (i >= s.length()) throw new Malformed("unexpected end", i);
        return s.charAt(i++);
    }

    private char peek() {
        return i < s.length() ? s.charAt(i) : '\0';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
