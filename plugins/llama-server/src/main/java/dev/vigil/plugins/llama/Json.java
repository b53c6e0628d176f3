package dev.vigil.plugins.llama;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON reader (RFC 8259) for llama-server's answers, with typed look-ups that return
 * null instead of throwing when a field is absent or of another type.
 *
 * <p>Objects become {@code Map<String, Object>} (insertion order), arrays {@code List<Object>},
 * numbers {@code Long} when integral and in range, else {@code Double}; JSON {@code null} is Java
 * null. Strict: no trailing commas, comments, leading zeros, raw control characters, duplicate keys
 * or trailing content; nesting deeper than {@value #MAX_DEPTH} is refused. The plugin may use
 * nothing of vigil but the SPI, hence its own reader.
 */
final class Json {

    static final int MAX_DEPTH = 64;

    /** Text that is not JSON. */
    static final class Malformed extends Exception {
        Malformed(String message, int at) {
            super(message + " at offset " + at);
        }
    }

    private final String text;
    private int at;

    private Json(String text) {
        this.text = text;
    }

    static Object parse(String text) throws Malformed {
        Json reader = new Json(text);
        reader.skipSpace();
        Object value = reader.value(0);
        reader.skipSpace();
        if (reader.at != text.length()) throw new Malformed("trailing content", reader.at);
        return value;
    }

    /** {@code parse}, or null when the text is not JSON: for answers whose shape is optional. */
    static Object parseOrNull(String text) {
        try {
            return parse(text);
        } catch (Malformed e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    @SuppressWarnings("unchecked")
    static List<Object> array(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : null;
    }

    static Map<String, Object> object(Map<String, Object> in, String key) {
        return in == null ? null : object(in.get(key));
    }

    static List<Object> array(Map<String, Object> in, String key) {
        return in == null ? null : array(in.get(key));
    }

    static String string(Map<String, Object> in, String key) {
        return in != null && in.get(key) instanceof String s ? s : null;
    }

    static Long integer(Map<String, Object> in, String key) {
        return in != null && in.get(key) instanceof Long n ? n : null;
    }

    static boolean isTrue(Map<String, Object> in, String key) {
        return in != null && Boolean.TRUE.equals(in.get(key));
    }

    private Object value(int depth) throws Malformed {
        if (depth > MAX_DEPTH) throw new Malformed("nested deeper than " + MAX_DEPTH, at);
        if (at >= text.length()) throw new Malformed("unexpected end", at);
        char c = text.charAt(at);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) yield number();
                throw new Malformed("unexpected '" + c + "'", at);
            }
        };
    }

    private Map<String, Object> object(int depth) throws Malformed {
        Map<String, Object> map = new LinkedHashMap<>();
        at++;
        skipSpace();
        if (peek() == '}') {
            at++;
            return map;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') throw new Malformed("expected a string key", at);
            int keyAt = at;
            String key = string();
            skipSpace();
            expect(':');
            skipSpace();
            if (map.containsKey(key)) throw new Malformed("duplicate key \"" + key + "\"", keyAt);
            map.put(key, value(depth + 1));
            skipSpace();
            char c = next();
            if (c == '}') return map;
            if (c != ',') throw new Malformed("expected ',' or '}'", at - 1);
        }
    }

    private List<Object> array(int depth) throws Malformed {
        List<Object> list = new ArrayList<>();
        at++;
        skipSpace();
        if (peek() == ']') {
            at++;
            return list;
        }
        while (true) {
            skipSpace();
            list.add(value(depth + 1));
            skipSpace();
            char c = next();
            if (c == ']') return list;
            if (c != ',') throw new Malformed("expected ',' or ']'", at - 1);
        }
    }

    private String string() throws Malformed {
        at++; // the opening quote
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') return out.toString();
            if (c < 0x20) throw new Malformed("raw control character in a string", at - 1);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.append(hex4());
                default -> throw new Malformed("bad escape \\" + e, at - 1);
            }
        }
    }

    private char hex4() throws Malformed {
        if (at + 4 > text.length()) throw new Malformed("short \\u escape", at);
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(at + i), 16);
            if (d < 0) throw new Malformed("bad \\u escape", at);
            v = v * 16 + d;
        }
        at += 4;
        return (char) v;
    }

    private Object number() throws Malformed {
        int start = at;
        if (peek() == '-') at++;
        if (peek() == '0') {
            at++;
            if (isDigit(peek())) throw new Malformed("leading zero", at);
        } else if (!digits()) {
            throw new Malformed("expected a digit", at);
        }
        boolean integral = true;
        if (peek() == '.') {
            at++;
            integral = false;
            if (!digits()) throw new Malformed("expected a digit after '.'", at);
        }
        if (peek() == 'e' || peek() == 'E') {
            at++;
            integral = false;
            if (peek() == '+' || peek() == '-') at++;
            if (!digits()) throw new Malformed("expected a digit in the exponent", at);
        }
        String n = text.substring(start, at);
        if (integral) {
            try {
                return Long.parseLong(n);
            } catch (NumberFormatException tooBig) {
                return Double.parseDouble(n);
            }
        }
        return Double.parseDouble(n);
    }

    private boolean digits() {
        int start = at;
        while (isDigit(peek())) at++;
        return at > start;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private Object literal(String word, Object value) throws Malformed {
        if (!text.startsWith(word, at)) throw new Malformed("expected " + word, at);
        at += word.length();
        return value;
    }

    private void expect(char c) throws Malformed {
        if (next() != c) throw new Malformed("expected '" + c + "'", at - 1);
    }

    private char next() throws Malformed {
        if (at >= text.length()) throw new Malformed("unexpected end", at);
        return text.charAt(at++);
    }

    private char peek() {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private void skipSpace() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            at++;
        }
    }
}
