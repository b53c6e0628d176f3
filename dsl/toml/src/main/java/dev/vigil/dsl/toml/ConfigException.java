package dev.vigil.dsl.toml;

import java.io.Serial;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A config folder that cannot be loaded, with every problem found in every file.
 *
 * <p>{@link #getMessage()} has one problem per line ({@code file:line:col: message}), sorted by file,
 * line and column, ready to print as is.
 */
public final class ConfigException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    ConfigException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) throw new IllegalArgumentException("a ConfigException needs a problem");
        this.problems = List.copyOf(problems);
    }

    /** Every problem, sorted by file, line and column; never empty. */
    public List<Problem> problems() {
        return problems;
    }
}
