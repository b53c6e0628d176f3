package dev.vigil.dsl.toml;

import java.nio.file.Path;
import org.tomlj.TomlPosition;

/**
 * Where something was written: a file, a line and column (from 1), and the dotted key path that
 * leads the message of a problem there ({@code backoff.max_restarts}; empty for none).
 */
record Origin(Path file, int line, int column, String key) {

    static Origin at(Path file, TomlPosition position, String key) {
        // tomlj knows the position of every key it parsed; a missing one would be our bug, so the
        // start of the file is a safe place to point at rather than a reason to fail.
        return position == null
                ? new Origin(file, 1, 1, key)
                : new Origin(file, position.line(), position.column(), key);
    }

    /** The start of a file, the place of a service that a whole file declares. */
    static Origin startOf(Path file) {
        return new Origin(file, 1, 1, "");
    }

    /** The same place, its messages led by another key path. */
    Origin withKey(String otherKey) {
        return new Origin(file, line, column, otherKey);
    }

    /** A problem here; the key path, if any, leads the message. */
    Problem problem(String message) {
        return new Problem(file, line, column, key.isEmpty() ? message : key + ": " + message);
    }

    /** {@code file:line:col}, for a message that points at this place from another. */
    String where() {
        return file + ":" + line + ":" + column;
    }
}
