package dev.vigil.dsl.js;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/**
 * The helpers every call evaluates first ({@code glue.js}): from the host's JSON to frozen JS
 * objects ({@code rule}, {@code event}, {@code services}) and back ({@code json}). An internal
 * source, so that errors point at the script, never at the glue.
 */
final class Glue {

    private final Source source;

    Glue() {
        try (InputStream in = Glue.class.getResourceAsStream("glue.js")) {
            if (in == null) throw new IllegalStateException("glue.js is missing from the jar");
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            this.source = Source.newBuilder("js", text, "<vigil>").internal(true).buildLiteral();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The helpers, in {@code context}. */
    Value in(Context context) {
        return context.eval(source);
    }

    /** What a script's value reads as: a string as itself, anything else as JS prints it. */
    static String text(Value v) {
        return v.isString() ? v.asString() : v.toString();
    }

    /** A JSON string literal of {@code s} ({@code null} for null). */
    static String quote(String s) {
        if (s == null) return "null";
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}
