package dev.vigil.engine.model;

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
 */
public record ReadinessSpec(boolean marker, boolean sdNotify, boolean sockets, Duration watchdog) {

    public static final ReadinessSpec NONE = new ReadinessSpec(false, false, false, Duration.ZERO);

    public ReadinessSpec {
        Objects.requireNonNull(watchdog, "watchdog");
        if (watchdog.isNegative()) throw new IllegalArgumentException("watchdog must not be negative");
    }

    /** Whether any pushed source is on. */
    public boolean any() {
        return marker || sdNotify || sockets;
    }
}
