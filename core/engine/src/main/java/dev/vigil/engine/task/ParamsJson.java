package dev.vigil.engine.task;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A task's params as the store keeps them: one flat JSON object of strings, e.g.
 * {@code {"model":"qwen3-8b"}}, readable by any SQLite client. Reads back only that shape.
 */
final class ParamsJson {

    private ParamsJson() {}

    static String write(Map<String, String> params) {
        StringBuilder sb = new StringBuilder("{");
        for (var e : new TreeMap<>(params).entrySet()) {
            if (sb.length() > 1) sb.append(',');
            quote(sb, e.getKey()).append(':');
            quote(sb, e.getValue());
        }
        return sb.append('}').toString();
    }

    private static StringBuilder quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"');
    }

    /** @throws IllegalArgumentException when {@code json} is not a flat object of strings */
    static SortedMap<String, String> read(String json) {
        SortedMap<String, String> params = new TreeMap<>();
        int[] at = {skip(json, 0)};
        expect(json, at, '{');
        if (peek(json, at) == '}') return params;
        while (true) {
            String key = string(json, at);
            expect(json, at, ':');
            params.put(key, string(json, at));
            char c = peek(json, at);
            at[0]++;
            if (c == '}') return params;
            if (c != ',') throw new IllegalArgumentException("bad params JSON: " + json);
        }
    }

    private static int skip(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        return i;
    }

    private static char peek(String s, int[] at) {
        at[0] = skip(s, at[0]);
        if (at[0] >= s.length()) throw new IllegalArgumentException("bad params JSON: " + s);
        return s.charAt(at[0]);
    }

    private static void expect(String s, int[] at, char c) {
        if (peek(s, at) != c) throw new IllegalArgumentException("bad params JSON: " + s);
        at[0]++;
    }

    private static String string(String s, int[] at) {
        expect(s, at, '"');
        StringBuilder sb = new StringBuilder();
        int i = at[0];
        while (i < s.length() && s.charAt(i) != '"') {
            char c = s.charAt(i++);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = s.charAt(i++);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    i += 4;
                }
                default -> sb.append(e);
            }
        }
        if (i >= s.length()) throw new IllegalArgumentException("bad params JSON: " + s);
        at[0] = i + 1;
        return sb.toString();
    }
}
