package dev.vigil.dsl.toml;

import dev.vigil.dsl.toml.Declarations.GlobalsDraft;
import dev.vigil.dsl.toml.ProbeDraft.StatusRange;
import dev.vigil.engine.model.BackoffPolicy;
import dev.vigil.engine.model.ProbeRole;
import dev.vigil.engine.model.ProbeSpec;
import dev.vigil.engine.model.ReadinessSpec;
import dev.vigil.engine.model.RestartPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The defaults step: what a service does not say, {@code [defaults]} says, and what neither says,
 * vigil's own defaults below. The only place defaults live.
 *
 * <p>Backoff and readiness keys are inherited one by one. A child inherits the service's cwd and its
 * env, its own variables winning. A probe's defaults are the model's ({@link ProbeSpec}). A default
 * value is located at the declaration of the service (or probe) it applies to; an inherited one
 * keeps its place in {@code [defaults]}.
 */
final class Defaults {

    static final boolean AUTOSTART = true;
    static final RestartPolicy RESTART = RestartPolicy.ON_FAILURE;
    static final boolean ONESHOT = false;
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** A oneshot's "start" is its whole run (a migration, a download), which no default can bound. */
    static final Duration ONESHOT_READY_TIMEOUT = Duration.ZERO;

    static final ReadinessSpec READINESS = ReadinessSpec.NONE;
    static final ProbeRole PROBE_ROLE = ProbeRole.READINESS;
    /** Success as the model's {@code Http.get} takes it: redirects are answers too. */
    static final StatusRange HTTP_STATUS = new StatusRange(200, 399);

    static final long LOG_MAX_BYTES = 10L * 1024 * 1024;
    static final long LOG_KEEP = 3;

    private Defaults() {}

    /** {@code mapped} with every service and the globals completed. */
    static Declarations apply(Declarations mapped, Path dir) {
        List<ServiceDraft> services = mapped.services().stream()
                .map(s -> service(s, mapped.defaults(), dir))
                .toList();
        return mapped.defaulted(globals(mapped.globals(), mapped.dir()), services);
    }

    static GlobalsDraft globals(GlobalsDraft own, Path givenDir) {
        Origin here = Origin.startOf(givenDir.resolve(ConfigFolder.GLOBALS_FILE));
        return new GlobalsDraft(
                own.runtimeDir(), // absent means: the launcher's choice
                first(own.logMaxBytes(), null, here, LOG_MAX_BYTES),
                first(own.logKeep(), null, here, LOG_KEEP),
                own.pluginsDir(),
                first(own.hookTimeout(), null, here, Globals.HookLimits.DEFAULT.timeout()),
                first(own.hookStatements(), null, here, Globals.HookLimits.DEFAULT.statements()));
    }

    static ServiceDraft service(ServiceDraft own, ServiceDraft inherited, Path dir) {
        Origin here = own.name().origin();
        Located<Path> cwd = first(own.cwd(), null, here, dir);
        Located<Map<String, String>> env = first(own.env(), null, here, Map.of());
        Located<Boolean> oneshot = first(own.oneshot(), inherited.oneshot(), here, ONESHOT);
        Duration readyTimeout = oneshot.value() ? ONESHOT_READY_TIMEOUT : READY_TIMEOUT;
        return new ServiceDraft(
                own.name(),
                own.keys(),
                own.command(),
                cwd,
                env,
                first(own.autostart(), inherited.autostart(), here, AUTOSTART),
                first(own.restart(), inherited.restart(), here, RESTART),
                oneshot,
                first(own.stopTimeout(), inherited.stopTimeout(), here, STOP_TIMEOUT),
                first(own.readyTimeout(), inherited.readyTimeout(), here, readyTimeout),
                first(own.sockets(), inherited.sockets(), here, List.of()),
                backoff(own.backoff(), inherited.backoff(), here),
                readiness(own.readiness(), inherited.readiness(), here),
                probes(first(own.probes(), null, here, List.of())),
                first(own.dependsOn(), null, here, List.of()),
                own.children() == null ? null : children(own.children(), cwd, env),
                own.provider());
    }

    private static ServiceDraft.Readiness readiness(
            ServiceDraft.Readiness own, ServiceDraft.Readiness inherited, Origin here) {
        ReadinessSpec d = READINESS;
        return new ServiceDraft.Readiness(
                first(own.marker(), inherited.marker(), here, d.marker()),
                first(own.sdNotify(), inherited.sdNotify(), here, d.sdNotify()),
                first(own.sockets(), inherited.sockets(), here, d.sockets()),
                first(own.watchdog(), inherited.watchdog(), here, d.watchdog()),
                first(own.script(), inherited.script(), here, d.script()),
                first(own.scriptInterval(), inherited.scriptInterval(), here, d.scriptInterval()));
    }

    private static Located<List<ProbeDraft>> probes(Located<List<ProbeDraft>> probes) {
        return new Located<>(probes.value().stream().map(Defaults::probe).toList(), probes.origin());
    }

    private static ProbeDraft probe(ProbeDraft own) {
        Origin here = own.origin();
        return new ProbeDraft(
                here,
                first(own.role(), null, here, PROBE_ROLE),
                own.target(),
                first(own.status(), null, here, HTTP_STATUS),
                first(own.interval(), null, here, ProbeSpec.DEFAULT_INTERVAL),
                first(own.timeout(), null, here, ProbeSpec.DEFAULT_TIMEOUT),
                first(own.successThreshold(), null, here, (long) ProbeSpec.DEFAULT_SUCCESS_THRESHOLD),
                first(own.failureThreshold(), null, here, (long) ProbeSpec.DEFAULT_FAILURE_THRESHOLD));
    }

    private static ServiceDraft.Backoff backoff(ServiceDraft.Backoff own, ServiceDraft.Backoff inherited, Origin here) {
        BackoffPolicy d = BackoffPolicy.DEFAULT;
        return new ServiceDraft.Backoff(
                first(own.initial(), inherited.initial(), here, d.initial()),
                first(own.factor(), inherited.factor(), here, d.factor()),
                first(own.max(), inherited.max(), here, d.max()),
                first(own.jitter(), inherited.jitter(), here, d.jitter()),
                first(own.resetAfter(), inherited.resetAfter(), here, d.resetAfter()),
                first(own.maxRestarts(), inherited.maxRestarts(), here, (long) d.maxRestarts()),
                first(own.window(), inherited.window(), here, d.window()));
    }

    private static Located<List<ServiceDraft.Child>> children(
            Located<List<ServiceDraft.Child>> children, Located<Path> cwd, Located<Map<String, String>> env) {
        List<ServiceDraft.Child> resolved = children.value().stream()
                .map(child -> new ServiceDraft.Child(
                        child.name(),
                        child.keys(),
                        child.command(),
                        child.cwd() != null ? child.cwd() : cwd,
                        child.env() == null ? env : merged(env, child.env())))
                .toList();
        return new Located<>(resolved, children.origin());
    }

    private static Located<Map<String, String>> merged(
            Located<Map<String, String>> service, Located<Map<String, String>> child) {
        Map<String, String> both = new LinkedHashMap<>(service.value());
        both.putAll(child.value());
        return new Located<>(Map.copyOf(both), child.origin());
    }

    /** The service's own value, else the inherited one, else {@code fallback} located {@code here}. */
    private static <T> Located<T> first(Located<T> own, Located<T> inherited, Origin here, T fallback) {
        if (own != null) return own;
        if (inherited != null) return inherited;
        return new Located<>(fallback, here);
    }
}
