package dev.vigil.engine.model;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Which pushed readiness sources a service's children use. Probes are declared apart ({@code
 * ServiceSpec.probes}). With no source and no readiness probe, a service is READY when spawned.
 *
 * @param marker each child is ready once it creates the file named by {@code VIGIL_READY_FILE}
 * @param sdNotify each child is ready once it sends {@code READY=1} to {@code NOTIFY_SOCKET}
 * @param sockets the service is ready once every declared socket accepts a connection
 * @param watchdog when not zero, {@code WATCHDOG_USEC} given to each child; a child that sends no
 *     {@code WATCHDOG=1} within it fails its liveness
 * @param script a readiness rule (a JS file defining {@code ready(ctx)}), absolute, or null for none
 * @param scriptInterval how often the rule is asked, positive
 */
public record ReadinessSpec(boolean marker, boolean sdNotify, boolean sockets, Duration watchdog, Path script, Duration scriptInterval) {

    /** How often a readiness rule is asked when the declaration does not say. */
    public static final Duration DEFAULT_SCRIPT_INTERVAL = Duration.ofSeconds(1);

    public static final ReadinessSpec NONE = new ReadinessSpec(false, false, false, Duration.ZERO);

    /** Pushed sources only, no readiness rule. */
    public ReadinessSpec(boolean marker, boolean sdNotify, boolean sockets, Duration watchdog) {
        this(marker, sdNotify, sockets, watchdog, null, DEFAULT_SCRIPT_INTERVAL);
    }

    public ReadinessSpec {
        Objects.requireNonNull(watchdog, "watchdog");
        Objects.requireNonNull(scriptInterval, "scriptInterval");
        if (watchdog.isNegative()) throw new IllegalArgumentException("watchdog must not be negative");
        if (!scriptInterval.isPositive()) throw new IllegalArgumentException("script_interval must be positive");
    }

    /** Whether any pushed source is on. */
    public boolean any() {
        return marker || sdNotify || sockets;
    }

    /** Whether a readiness rule decides too. */
    public boolean hasScript() {
        return script != null;
    }
}
