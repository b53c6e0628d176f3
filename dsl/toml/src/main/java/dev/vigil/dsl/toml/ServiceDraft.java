package dev.vigil.dsl.toml;

import dev.vigil.engine.model.BackoffPolicy;
import dev.vigil.engine.model.ChildSpec;
import dev.vigil.engine.model.Dependency;
import dev.vigil.engine.model.ReadinessSpec;
import dev.vigil.engine.model.RestartPolicy;
import dev.vigil.engine.model.ProviderSpec;
import dev.vigil.engine.model.ServiceSpec;
import dev.vigil.engine.model.SocketSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A service as one declaration wrote it, each value with its origin: what the map step produces and
 * the defaults step completes.
 *
 * <p>As mapped, a field is null where the declaration is silent. After {@link Defaults} every field
 * is set but {@code command} and {@code children}, of which validators demand exactly one. The
 * {@code [defaults]} table maps to a draft too, whose name, command, cwd, env, probes, dependsOn and
 * children are null.
 *
 * @param name the service's name, at the place that declares it (a file's start, or its
 *     {@code [services.NAME]} header)
 * @param keys the keys the table has, valid or not: a key with a wrong value is null here, and a
 *     rule about a missing key must not then report it missing too
 * @param dependsOn each dependency at its name in the {@code depends_on} table, the list at that key
 */
record ServiceDraft(
        Located<String> name,
        Set<String> keys,
        Located<List<String>> command,
        Located<Path> cwd,
        Located<Map<String, String>> env,
        Located<Boolean> autostart,
        Located<RestartPolicy> restart,
        Located<Boolean> oneshot,
        Located<Duration> stopTimeout,
        Located<Duration> readyTimeout,
        Located<List<SocketSpec>> sockets,
        Backoff backoff,
        Readiness readiness,
        Located<List<ProbeDraft>> probes,
        Located<List<Located<Dependency>>> dependsOn,
        Located<List<Child>> children,
        Located<ProviderSpec> provider) {

    /** A draft that says nothing: the {@code [defaults]} of a folder without one. */
    static final ServiceDraft SILENT = new ServiceDraft(
            null,
            Set.of(),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            Backoff.SILENT,
            Readiness.SILENT,
            null,
            null,
            null,
            null);

    ServiceDraft {
        keys = Set.copyOf(keys);
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(readiness, "readiness");
    }

    /** This draft with the keys only a service (not {@code [defaults]}) may have. */
    ServiceDraft withOwn(
            Located<String> name,
            Set<String> tableKeys,
            Located<List<String>> command,
            Located<Path> cwd,
            Located<Map<String, String>> env,
            Located<List<Child>> children,
            Located<List<ProbeDraft>> probes,
            Located<List<Located<Dependency>>> dependsOn,
            Located<ProviderSpec> provider) {
        return new ServiceDraft(
                name,
                tableKeys,
                command,
                cwd,
                env,
                autostart,
                restart,
                oneshot,
                stopTimeout,
                readyTimeout,
                sockets,
                backoff,
                readiness,
                probes,
                dependsOn,
                children,
                provider);
    }

    /** Every duration this draft declares that may be zero: backoff's and the watchdog included, probes' not. */
    Stream<Located<Duration>> durations() {
        return Stream.of(Stream.of(stopTimeout, readyTimeout, readiness.watchdog()), backoff.durations())
                .flatMap(s -> s)
                .filter(Objects::nonNull);
    }

    /** The spec of a defaulted, validated draft. */
    ServiceSpec toSpec() {
        List<ChildSpec> childSpecs = command != null
                ? List.of(new ChildSpec(ChildSpec.MAIN, command.value(), cwd.value(), env.value()))
                : children.value().stream().map(Child::toSpec).toList();
        return new ServiceSpec(
                name.value(),
                childSpecs,
                restart.value(),
                oneshot.value(),
                autostart.value(),
                stopTimeout.value(),
                readyTimeout.value(),
                sockets.value(),
                backoff.toPolicy(),
                readiness.toSpec(),
                probes.value().stream().map(p -> p.toSpec(cwd.value(), env.value())).toList(),
                dependsOn.value().stream().map(Located::value).toList(),
                provider == null ? null : provider.value(),
                name.origin().file());
    }

    /**
     * The {@code [readiness]} table; a field is null where it is silent.
     *
     * @param sdNotify the {@code notify} key, named as the model names it (no record component can be
     *     called {@code notify}: it would clash with {@link Object#notify()})
     */
    record Readiness(
            Located<Boolean> marker,
            Located<Boolean> sdNotify,
            Located<Boolean> sockets,
            Located<Duration> watchdog,
            Located<Path> script,
            Located<Duration> scriptInterval) {

        static final Readiness SILENT = new Readiness(null, null, null, null, null, null);

        ReadinessSpec toSpec() {
            return new ReadinessSpec(
                    marker.value(), sdNotify.value(), sockets.value(), watchdog.value(), script.value(), scriptInterval.value());
        }
    }

    /** The {@code [backoff]} table; a field is null where it is silent. */
    record Backoff(
            Located<Duration> initial,
            Located<Double> factor,
            Located<Duration> max,
            Located<Double> jitter,
            Located<Duration> resetAfter,
            Located<Long> maxRestarts,
            Located<Duration> window) {

        static final Backoff SILENT = new Backoff(null, null, null, null, null, null, null);

        Stream<Located<Duration>> durations() {
            return Stream.of(initial, max, resetAfter, window).filter(Objects::nonNull);
        }

        BackoffPolicy toPolicy() {
            return new BackoffPolicy(
                    initial.value(),
                    factor.value(),
                    max.value(),
                    jitter.value(),
                    resetAfter.value(),
                    Math.toIntExact(maxRestarts.value()),
                    window.value());
        }
    }

    /**
     * One {@code [children.NAME]} table.
     *
     * @param name the child's name, at its table, its messages led by the table's key path
     * @param keys the keys the table has, valid or not
     */
    record Child(
            Located<String> name,
            Set<String> keys,
            Located<List<String>> command,
            Located<Path> cwd,
            Located<Map<String, String>> env) {

        Child {
            keys = Set.copyOf(keys);
        }

        ChildSpec toSpec() {
            return new ChildSpec(name.value(), command.value(), cwd.value(), env.value());
        }
    }
}
