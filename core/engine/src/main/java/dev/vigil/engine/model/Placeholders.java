package dev.vigil.engine.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code {name}} placeholders in a task template's words. A name is a letter or {@code _} followed
 * by letters, digits, {@code _} or {@code -}; any other brace is literal ({@code awk '{print $1}'}
 * has none), and {@code {{} writes a literal {@code {}.
 */
final class Placeholders {

    private static final Pattern TOKEN = Pattern.compile("\\{\\{|\\{([A-Za-z_][A-Za-z0-9_-]*)}");

    private Placeholders() {}

    static List<String> names(String text) {
        List<String> names = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            if (m.group(1) != null) names.add(m.group(1));
        }
        return names;
    }

    /** {@code text} with each placeholder replaced by its value, verbatim (one word stays one word). */
    static String fill(String text, Map<String, String> values) {
        Matcher m = TOKEN.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String replacement = m.group(1) == null ? "{" : values.getOrDefault(m.group(1), m.group());
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
