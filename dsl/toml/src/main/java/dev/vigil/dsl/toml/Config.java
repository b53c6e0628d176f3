package dev.vigil.dsl.toml;

import dev.vigil.engine.model.ServiceSpec;
import dev.vigil.engine.model.TaskTemplate;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A loaded config folder: its settings and its services, every default applied.
 *
 * @param dir the config folder, absolute and normalized
 * @param services sorted by name
 * @param tasks the task templates ({@code [tasks.NAME]}), in declaration order
 */
public record Config(Path dir, Globals globals, List<ServiceSpec> services, List<TaskTemplate> tasks) {

    /** A config without task templates. */
    public Config(Path dir, Globals globals, List<ServiceSpec> services) {
        this(dir, globals, services, List.of());
    }

    public Config {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(globals, "globals");
        services = List.copyOf(services);
        tasks = List.copyOf(tasks);
    }
}
