package dev.vigil.engine.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One process of a service: what to execute, where, with which environment. A service with a
 * top-level command has one child named {@link #MAIN}.
 */
public record ChildSpec(String name, List<String> command, Path cwd, Map<String, String> env) {

    /** The name of the only child of a service declared with a top-level {@code command}. */
    public static final String MAIN = "main";

    public ChildSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cwd, "cwd");
        command = List.copyOf(command);
        env = Map.copyOf(env);
        if (command.isEmpty()) throw new IllegalArgumentException("child " + name + ": empty command");
    }
}
