package dev.vigil.dsl.toml;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;

/**
 * One thing wrong with a configuration, at a place in a file.
 *
 * <p>Lines and columns count from 1, as editors do. A problem about a whole folder (one that does
 * not exist, or declares no service) has line and column 0 and prints without them.
 *
 * @param file the file (or folder) as the path given to the loader resolves it, so it reads the way
 *     the user wrote it
 */
public record Problem(Path file, int line, int column, String message) {

    /** By file, then line, column and message: the order people read a report in. */
    static final Comparator<Problem> ORDER = Comparator.comparing(Problem::file)
            .thenComparingInt(Problem::line)
            .thenComparingInt(Problem::column)
            .thenComparing(Problem::message);

    public Problem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
    }

    /** {@code file:line:col: message}, the form editors and terminals turn into links. */
    @Override
    public String toString() {
        return line == 0 ? file + ": " + message : file + ":" + line + ":" + column + ": " + message;
    }
}
