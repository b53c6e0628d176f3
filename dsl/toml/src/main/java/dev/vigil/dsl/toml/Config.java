package dev.vigil.dsl.toml;

import dev.vigil.engine.model.ServiceSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A loaded config folder: its settings and its services, every default applied.
 *
 * @param dir the config folder, absolute and normalized
 * @param services sorted by name
 */
public record Config(Path dir, Globals globals, List<ServiceSpec> services) {

    public Config {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(globals, "globals");
        services = List.copyOf(services);
    }
}
