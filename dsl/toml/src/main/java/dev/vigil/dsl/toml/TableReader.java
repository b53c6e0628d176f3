package dev.vigil.dsl.toml;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/**
 * Reads one TOML table of one file, turning unknown keys and wrong values into problems.
 *
 * <p>Each getter returns null where the key is absent or its value is wrong; for a wrong one it has
 * added a problem at the key's position, led by the key's dotted path from the root of the file.
 * Keys are taken literally (a key may contain a dot), never parsed as dotted paths.
 */
final class TableReader {

    /**
     * Turns a TOML value into a spec value. Returns null when the TOML type is not one it takes (the
     * reader then says what was expected); throws {@link IllegalArgumentException} with a message
     * when the type fits but the value does not.
     */
    @FunctionalInterface
    interface Conversion<T> {
        T apply(Object value);
    }

    static final Conversion<String> STRING = v -> v instanceof String s ? s : null;
    static final Conversion<Boolean> BOOLEAN = v -> v instanceof Boolean b ? b : null;
    static final Conversion<Long> INTEGER = v -> v instanceof Long l ? l : null;
    /** A float, or an integer read as one: {@code factor = 2} means 2.0. */
    static final Conversion<Double> NUMBER = v -> switch (v) {
        case Double d -> d;
        case Long l -> l.doubleValue();
        default -> null;
    };

    private final Path file;
    private final TomlTable table;
    /** This table's key path from the root of the file: "" for the root, {@code probes[0]} for an array's table. */
    private final String path;

    private final Origin origin;
    private final List<Problem> problems;

    private TableReader(Path file, TomlTable table, String path, Origin origin, List<Problem> problems) {
        this.file = file;
        this.table = table;
        this.path = path;
        this.origin = origin;
        this.problems = problems;
    }

    /** The top of a file; problems go to {@code problems}. */
    static TableReader root(Path file, TomlTable table, List<Problem> problems) {
        return new TableReader(file, table, "", Origin.startOf(file), problems);
    }

    /** Where this table was opened ({@code [backoff]}), led by its own key path. */
    Origin origin() {
        return origin;
    }

    /** Where {@code key} was written, led by its key path. */
    Origin origin(String key) {
        return Origin.at(file, table.inputPositionOf(List.of(key)), keyPath(key));
    }

    /** The dotted path of {@code key} from the root of the file, quoted where TOML needs it. */
    String keyPath(String key) {
        String quoted = Toml.joinKeyPath(List.of(key));
        return path.isEmpty() ? quoted : path + "." + quoted;
    }

    Set<String> keys() {
        return table.keySet();
    }

    boolean has(String key) {
        return table.keySet().contains(key);
    }

    Object value(String key) {
        return table.get(List.of(key));
    }

    void report(Origin at, String message) {
        problems.add(at.problem(message));
    }

    /**
     * Reports every key that is neither in {@code allowed} nor in {@code handled} (keys the caller
     * reports itself), naming the nearest allowed key, or all of them when none is near.
     */
    void allowOnly(List<String> allowed, Set<String> handled) {
        String here = path;
        for (String key : table.keySet()) {
            if (allowed.contains(key) || handled.contains(key)) continue;
            String hint = Spelling.nearest(key, allowed)
                    .map(near -> "did you mean " + TomlText.quote(near) + "?")
                    .orElse("valid keys: " + String.join(", ", allowed));
            report(origin(key).withKey(here), "unknown key " + TomlText.quote(key) + " (" + hint + ")");
        }
    }

    /** The value of {@code key} converted, or null (absent, or wrong and reported). */
    <T> Located<T> get(String key, String expected, Conversion<T> conversion) {
        return has(key) ? convert(value(key), origin(key), expected, conversion) : null;
    }

    /** The table at {@code key}, or null (absent, or not a table and reported). */
    TableReader table(String key) {
        if (!has(key)) return null;
        if (value(key) instanceof TomlTable sub) return new TableReader(file, sub, keyPath(key), origin(key), problems);
        report(origin(key), "expected a table, got " + TomlText.describe(value(key)));
        return null;
    }

    /**
     * The tables of the array at {@code key} ({@code [[key]]} headers, or an array of inline tables),
     * each at its own position and led by {@code key[i]}. An element that is not a table is reported
     * and left out. Null if absent, or not an array (reported).
     */
    List<TableReader> tables(String key) {
        if (!has(key)) return null;
        if (!(value(key) instanceof TomlArray array)) {
            report(
                    origin(key),
                    "expected an array of tables like [[" + key + "]], got " + TomlText.describe(value(key)));
            return null;
        }
        List<TableReader> tables = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String elementPath = keyPath(key) + "[" + i + "]";
            Origin at = Origin.at(file, array.inputPositionOf(i), elementPath);
            if (array.get(i) instanceof TomlTable element) {
                tables.add(new TableReader(file, element, elementPath, at, problems));
            } else {
                report(at, "expected a table, got " + TomlText.describe(array.get(i)));
            }
        }
        return tables;
    }

    /**
     * The array at {@code key}, each element converted and, when wrong, reported at its own position
     * as {@code key[i]}. Null if absent, not an array, or any element is wrong.
     */
    <T> Located<List<T>> list(String key, String expected, String expectedElement, Conversion<T> conversion) {
        if (!has(key)) return null;
        Origin at = origin(key);
        if (!(value(key) instanceof TomlArray array)) {
            report(at, "expected " + expected + ", got " + TomlText.describe(value(key)));
            return null;
        }
        List<T> elements = new ArrayList<>();
        boolean allFit = true;
        for (int i = 0; i < array.size(); i++) {
            Origin elementAt = Origin.at(file, array.inputPositionOf(i), at.key() + "[" + i + "]");
            Located<T> element = convert(array.get(i), elementAt, expectedElement, conversion);
            if (element == null) {
                allFit = false;
            } else {
                elements.add(element.value());
            }
        }
        return allFit ? new Located<>(List.copyOf(elements), at) : null;
    }

    private <T> Located<T> convert(Object value, Origin at, String expected, Conversion<T> conversion) {
        try {
            T converted = conversion.apply(value);
            if (converted != null) return new Located<>(converted, at);
            report(at, "expected " + expected + ", got " + TomlText.describe(value));
        } catch (IllegalArgumentException e) {
            report(at, e.getMessage());
        }
        return null;
    }
}
