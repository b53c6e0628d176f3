package dev.vigil.dsl.toml;

import java.nio.file.Path;
import java.time.Duration;
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
public record Globals(Optional<Path> runtimeDir, long logMaxBytes, int logKeep, Optional<Path> pluginsDir, HookLimits hooks) {

    /** Settings without a plugins folder. */
    public Globals(Optional<Path> runtimeDir, long logMaxBytes, int logKeep) {
        this(runtimeDir, logMaxBytes, logKeep, Optional.empty());
    }

    /** Settings with the default hook limits. */
    public Globals(Optional<Path> runtimeDir, long logMaxBytes, int logKeep, Optional<Path> pluginsDir) {
        this(runtimeDir, logMaxBytes, logKeep, pluginsDir, HookLimits.DEFAULT);
    }

    public Globals {
        Objects.requireNonNull(runtimeDir, "runtimeDir");
        Objects.requireNonNull(pluginsDir, "pluginsDir");
        Objects.requireNonNull(hooks, "hooks");
    }

    /**
     * What one call of a JS hook, readiness rule or {@code vigil js} expression may take.
     *
     * @param timeout wall-clock time per call ({@code hook_timeout}, default 500 ms)
     * @param statements JS statements per call ({@code hook_statements}, default 1,000,000)
     */
    public record HookLimits(Duration timeout, long statements) {

        public static final HookLimits DEFAULT = new HookLimits(Duration.ofMillis(500), 1_000_000);

        public HookLimits {
            Objects.requireNonNull(timeout, "timeout");
            if (!timeout.isPositive()) throw new IllegalArgumentException("hook_timeout must be positive");
            if (statements < 1) throw new IllegalArgumentException("hook_statements must be at least 1");
        }
    }
}
