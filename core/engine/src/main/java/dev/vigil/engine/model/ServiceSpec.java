package dev.vigil.engine.model;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A service as declared: fully resolved (a loader has applied every default), immutable, and never
 * carrying runtime state. Two specs that are {@code equals} need no restart to go from one to the
 * other.
 *
 * @param readiness the pushed readiness sources of its children
 * @param probes built-in probes (startup, readiness, liveness)
 * @param dependsOn what must hold before it starts
 * @param provider the provider probe, or null
 * @param source where it was declared (a file path), for messages
 */
public record ServiceSpec(
        String name,
        List<ChildSpec> children,
        RestartPolicy restart,
        boolean oneshot,
        boolean autostart,
        Duration stopTimeout,
        Duration readyTimeout,
        List<SocketSpec> sockets,
        BackoffPolicy backoff,
        ReadinessSpec readiness,
        List<ProbeSpec> probes,
        List<Dependency> dependsOn,
        ProviderSpec provider,
        Path source) {

    /** A service without a provider probe. */
    public ServiceSpec(String name, List<ChildSpec> children, RestartPolicy restart, boolean oneshot, boolean autostart,
            Duration stopTimeout, Duration readyTimeout, List<SocketSpec> sockets, BackoffPolicy backoff, ReadinessSpec readiness,
            List<ProbeSpec> probes, List<Dependency> dependsOn, Path source) {
        this(name, children, restart, oneshot, autostart, stopTimeout, readyTimeout, sockets, backoff, readiness, probes, dependsOn,
                null, source);
    }

    /** A service with no readiness source, no probe and no dependency. */
    public ServiceSpec(String name, List<ChildSpec> children, RestartPolicy restart, boolean oneshot, boolean autostart,
            Duration stopTimeout, Duration readyTimeout, List<SocketSpec> sockets, BackoffPolicy backoff, Path source) {
        this(name, children, restart, oneshot, autostart, stopTimeout, readyTimeout, sockets, backoff, ReadinessSpec.NONE, List.of(),
                List.of(), null, source);
    }

    public ServiceSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(restart, "restart");
        Objects.requireNonNull(stopTimeout, "stopTimeout");
        Objects.requireNonNull(readyTimeout, "readyTimeout");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(readiness, "readiness");
        children = List.copyOf(children);
        sockets = List.copyOf(sockets);
        probes = List.copyOf(probes);
        dependsOn = List.copyOf(dependsOn);
        if (children.isEmpty()) throw new IllegalArgumentException("service " + name + " has no child");
        if (children.stream().map(ChildSpec::name).distinct().count() != children.size()) {
            throw new IllegalArgumentException("service " + name + ": duplicate child names");
        }
    }

    /** Whether anything but the spawn itself decides READY (a pushed source, a rule or a readiness/startup probe). */
    public boolean hasReadinessSource() {
        return readiness.any() || readiness.hasScript() || provider != null || probes.stream().anyMatch(p -> p.role() != ProbeRole.LIVENESS);
    }

    /** Whether the service was declared with several children rather than one command. */
    public boolean isMultiChild() {
        return children.size() > 1 || !children.getFirst().name().equals(ChildSpec.MAIN);
    }
}
