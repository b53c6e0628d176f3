package dev.vigil.dsl.toml;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/** How TOML values are written into messages: strings quoted as TOML would, others by type. */
final class TomlText {

    private static final int LONGEST_QUOTE = 80;

    private TomlText() {}

    /** {@code "text"}, escaped as a TOML basic string, cut short if long. */
    static String quote(String text) {
        String shown = text.length() > LONGEST_QUOTE ? text.substring(0, LONGEST_QUOTE) + "..." : text;
        return "\"" + Toml.tomlEscape(shown) + "\"";
    }

    /**
     * What a value is, for "expected X, got Y": a string with its text (the one type where seeing
     * the value helps, e.g. {@code "yes"} for a boolean), anything else by its TOML type name.
     */
    static String describe(Object value) {
        return switch (value) {
            case String s -> "string " + quote(s);
            case Long l -> "integer";
            case Double d -> "float";
            case Boolean b -> "boolean";
            case TomlArray a -> "array";
            case TomlTable t -> "table";
            case OffsetDateTime t -> "offset date-time";
            case LocalDateTime t -> "local date-time";
            case LocalDate d -> "local date";
            case LocalTime t -> "local time";
            default -> value.getClass().getSimpleName();
        };
    }
}
