package dev.vigil.dsl.toml;

import dev.vigil.engine.model.ProbeRole;
import dev.vigil.engine.model.ProbeSpec;
import dev.vigil.engine.model.ProbeTarget;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code [[probes]]} table as written, each value with its origin: what {@link ProbeMapper}
 * produces and {@link Defaults} completes.
 *
 * <p>As mapped, a field is null where the table is silent; after {@link Defaults} only {@code target}
 * may be null, where the table named none, or several, or a wrong one (each reported as mapped).
 *
 * @param origin the table's header, its messages led by {@code probes[i]}
 */
record ProbeDraft(
        Origin origin,
        Located<ProbeRole> role,
        Located<Target> target,
        Located<StatusRange> status,
        Located<Duration> interval,
        Located<Duration> timeout,
        Located<Long> successThreshold,
        Located<Long> failureThreshold) {

    ProbeDraft {
        Objects.requireNonNull(origin, "origin");
    }

    /**
     * What the probe checks, as far as its table tells: an exec probe's cwd and environment are the
     * service's, known once defaults are applied.
     */
    sealed interface Target {}

    /** {@code tcp} or {@code unix}: a socket to connect to, complete as written. */
    record Socket(ProbeTarget target) implements Target {}

    /** {@code http} and its own keys but {@code status}, which is apart because it has a default. */
    record Http(URI url, String bodyContains, String jsonPointer, String jsonEquals) implements Target {}

    /** {@code exec}: a command, run like the service's own. */
    record Exec(List<String> command) implements Target {
        Exec {
            command = List.copyOf(command);
        }
    }

    /** The statuses an http probe accepts, {@code min} to {@code max} inclusive. */
    record StatusRange(int min, int max) {}

    /** The spec of a defaulted, validated probe of a service that runs in {@code cwd} with {@code env}. */
    ProbeSpec toSpec(Path cwd, Map<String, String> env) {
        return new ProbeSpec(
                role.value(),
                target(cwd, env),
                interval.value(),
                timeout.value(),
                Math.toIntExact(successThreshold.value()),
                Math.toIntExact(failureThreshold.value()));
    }

    private ProbeTarget target(Path cwd, Map<String, String> env) {
        return switch (target.value()) {
            case Socket socket -> socket.target();
            case Http http ->
                new ProbeTarget.Http(
                        http.url(),
                        status.value().min(),
                        status.value().max(),
                        http.bodyContains(),
                        http.jsonPointer(),
                        http.jsonEquals());
            case Exec exec -> new ProbeTarget.Exec(exec.command(), cwd, env);
        };
    }
}
