package dev.vigil.engine.probe;

import dev.vigil.engine.model.ProbeTarget;

import dev.vigil.engine.probe.CheckResult.Fail;
import dev.vigil.engine.probe.CheckResult.Pass;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Matches the value a JSON Pointer (RFC 6901) names in a JSON text against a wanted value.
 *
 * <p>The engine has no JSON library, so this holds a small strict reader (RFC 8259: objects, arrays,
 * strings with escapes, numbers, {@code true}/{@code false}/{@code null}, nesting at most {@value
 * #MAX_DEPTH} deep) used for nothing else. A string value is compared raw with the wanted text; a number
 * numerically when the wanted text is a number too (so {@code 1.0} matches {@code 1}), else by its JSON
 * text, like {@code true}, {@code false} and {@code null}. An object or an array never equals anything.
 */
final class JsonPointerMatch {

    static final int MAX_DEPTH = 64;

    private JsonPointerMatch() {}

    /** The reference tokens of a pointer (see {@link ProbeTarget.Http#pointerTokens}). */
    static List<String> parsePointer(String pointer) {
        return ProbeTarget.Http.pointerTokens(pointer);
    }

    /**
     * Passes when {@code body} is JSON and the value at {@code pointer} equals {@code wanted} (or, when
     * {@code wanted} is null, exists).
     */
    static CheckResult match(String body, String pointer, String wanted) {
        Object doc;
        try {
            doc = new Reader(body).document();
        } catch (Malformed e) {
            return new Fail("body is not JSON: " + e.getMessage());
        }
        Object value = doc;
        for (String token : parsePointer(pointer)) {
            value = child(value, token);
            if (value == Missing.MISSING) return new Fail(shown(pointer) + " is missing");
        }
        String seen = shown(pointer) + " is " + render(value);
        if (wanted == null || equal(value, wanted)) return new Pass(seen);
        return new Fail(seen + ", wanted \"" + clip(wanted) + "\"");
    }

    private static String shown(String pointer) {
        return pointer.isEmpty() ? "the body" : pointer;
    }

    private static Object child(Object node, String token) {
        if (node instanceof Map<?, ?> object) return object.containsKey(token) ? object.get(token) : Missing.MISSING;
        if (node instanceof List<?> array && token.matches("0|[1-9][0-9]{0,8}")) {
            int i = Integer.parseInt(token);
            return i < array.size() ? array.get(i) : Missing.MISSING;
        }
        return Missing.MISSING;
    }

    private static boolean equal(Object value, String wanted) {
        return switch (value) {
            case String s -> s.equals(wanted);
            case Num n -> n.text().equals(wanted) || numericallyEqual(n.text(), wanted);
            case Map<?, ?> ignored -> false;
            case List<?> ignored -> false;
            default -> render(value).equals(wanted);
        };
    }

    private static boolean numericallyEqual(String number, String wanted) {
        try {
            return new BigDecimal(number).compareTo(new BigDecimal(wanted.strip())) == 0;
        } catch (NumberFormatException | ArithmeticException e) {
            return false;
        }
    }

    private static String render(Object value) {
        return switch (value) {
            case String s -> "\"" + clip(s) + "\"";
            case Num n -> clip(n.text());
            case Map<?, ?> ignored -> "an object";
            case List<?> ignored -> "an array";
            case Boolean b -> b.toString();
            default -> "null";
        };
    }

    private static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /** A number, kept as written. */
    private record Num(String text) {}

    private enum Missing { MISSING }

    private enum Null { NULL }

    private static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    /** Recursive descent over the whole text; depth-limited so a hostile body cannot overflow the stack. */
    private static final class Reader {
        private final String text;
        private int pos;

        Reader(String text) {
            this.text = text;
        }

        Object document() throws Malformed {
            Object value = value(0);
            skipSpace();
            if (pos < text.length()) throw unexpected("after the value");
            return value;
        }

        private Object value(int depth) throws Malformed {
            if (depth >= MAX_DEPTH) throw new Malformed("nested deeper than " + MAX_DEPTH + " at offset " + pos);
            skipSpace();
            if (pos >= text.length()) throw new Malformed("ends early at offset " + pos);
            char c = text.charAt(pos);
            return switch (c) {
                case '{' -> object(depth);
                case '[' -> array(depth);
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", Null.NULL);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) yield number();
                    throw unexpected("");
                }
            };
        }

        private Map<String, Object> object(int depth) throws Malformed {
            Map<String, Object> members = new LinkedHashMap<>();
            pos++;
            skipSpace();
            if (peek() == '}') {
                pos++;
                return members;
            }
            while (true) {
                skipSpace();
                if (peek() != '"') throw unexpected("where a member name was expected");
                String name = string();
                skipSpace();
                expect(':');
                members.put(name, value(depth + 1));
                skipSpace();
                if (peek() == '}') {
                    pos++;
                    return members;
                }
                expect(',');
            }
        }

        private List<Object> array(int depth) throws Malformed {
            List<Object> items = new ArrayList<>();
            pos++;
            skipSpace();
            if (peek() == ']') {
                pos++;
                return items;
            }
            while (true) {
                items.add(value(depth + 1));
                skipSpace();
                if (peek() == ']') {
                    pos++;
                    return items;
                }
                expect(',');
            }
        }

        private String string() throws Malformed {
            int start = pos++;
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (pos >= text.length()) throw new Malformed("unterminated string starting at offset " + start);
                char c = text.charAt(pos++);
                if (c == '"') return sb.toString();
                if (c < 0x20) throw new Malformed("control character in a string at offset " + (pos - 1));
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                if (pos >= text.length()) throw new Malformed("unterminated string starting at offset " + start);
                char e = text.charAt(pos++);
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> sb.append(unicodeEscape());
                    default -> throw new Malformed("bad escape \\" + e + " at offset " + (pos - 2));
                }
            }
        }

        private char unicodeEscape() throws Malformed {
            if (pos + 4 > text.length()) throw new Malformed("bad \\u escape at offset " + (pos - 2));
            int v = 0;
            for (int i = 0; i < 4; i++) {
                int d = Character.digit(text.charAt(pos + i), 16);
                if (d < 0) throw new Malformed("bad \\u escape at offset " + (pos - 2));
                v = v * 16 + d;
            }
            pos += 4;
            return (char) v;
        }

        private Num number() throws Malformed {
            int start = pos;
            if (peek() == '-') pos++;
            if (peek() == '0') {
                pos++;
            } else if (!digits()) {
                throw new Malformed("bad number at offset " + start);
            }
            if (peek() == '.') {
                pos++;
                if (!digits()) throw new Malformed("bad number at offset " + start);
            }
            if (peek() == 'e' || peek() == 'E') {
                pos++;
                if (peek() == '+' || peek() == '-') pos++;
                if (!digits()) throw new Malformed("bad number at offset " + start);
            }
            return new Num(text.substring(start, pos));
        }

        private boolean digits() {
            int start = pos;
            while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') pos++;
            return pos > start;
        }

        private Object literal(String word, Object value) throws Malformed {
            if (!text.startsWith(word, pos)) throw unexpected("");
            pos += word.length();
            return value;
        }

        private void expect(char c) throws Malformed {
            if (peek() != c) throw unexpected("where '" + c + "' was expected");
            pos++;
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private void skipSpace() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
                pos++;
            }
        }

        private Malformed unexpected(String where) {
            if (pos >= text.length()) return new Malformed("ends early at offset " + pos);
            String what = Character.isISOControl(text.charAt(pos)) ? String.format("\\u%04x", (int) text.charAt(pos)) : String.valueOf(text.charAt(pos));
            return new Malformed("unexpected '" + what + "' at offset " + pos + (where.isEmpty() ? "" : " " + where));
        }
    }
}
