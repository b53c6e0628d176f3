package dev.vigil.dsl.toml;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings of {@code vigil.toml} that are not about one service.
 *
 * @param runtimeDir where the control socket and state go, absolute; empty when {@code vigil.toml}
 *     does not say (the launcher then picks its own default)
 * @param logMaxBytes a service log is rotated when it grows past this many bytes (default 10 MiB)
 * @param logKeep how many rotated log files are kept (default 3)
 * @param pluginsDir where probe plugins live, one folder each, absolute; empty when not set (only
 *     the built-in providers then)
 */
public record Globals(Optional<Path> runtimeDir, long logMaxBytes, int logKeep, Optional<Path> pluginsDir) {

    /** Settings without a plugins folder. */
    public Globals(Optional<Path> runtimeDir, long logMaxBytes, int logKeep) {
        this(runtimeDir, logMaxBytes, logKeep, Optional.empty());
    }

    public Globals {
        Objects.requireNonNull(runtimeDir, "runtimeDir");
        Objects.requireNonNull(pluginsDir, "pluginsDir");
    }
}
