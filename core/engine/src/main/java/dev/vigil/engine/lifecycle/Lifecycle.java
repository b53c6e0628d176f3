package dev.vigil.engine.lifecycle;

import static dev.vigil.engine.model.ServiceState.*;

import dev.vigil.engine.lifecycle.Effect.*;
import dev.vigil.engine.lifecycle.Input.*;
import dev.vigil.engine.model.ServiceState;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle automaton: the one table of legal edges and the one function that decides.
 *
 * <p>{@link #decide} is pure: it reads nothing but its arguments and returns the next state with
 * the effects to apply. The caller (a {@code ServiceUnit}) owns the state and applies effects.
 * {@link #force} is the separate, logged path for reconciliation (adoption, drift repair).
 */
public final class Lifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);
    private static final Set<ServiceState> RUNNING = EnumSet.of(STARTING, WARMING, READY, SERVING, IDLE, UNHEALTHY);
    private static final Set<ServiceState> HEALTHY = EnumSet.of(READY, SERVING, IDLE);
    private static final Map<ServiceState, Set<ServiceState>> EDGES = edges();

    private Lifecycle() {}

    private static Map<ServiceState, Set<ServiceState>> edges() {
        Map<ServiceState, Set<ServiceState>> e = new EnumMap<>(ServiceState.class);
        Set<ServiceState> leaving = EnumSet.of(STOPPING, CRASHED, COMPLETED, OFFLINE);
        e.put(OFFLINE, EnumSet.of(STARTING, FAILED));
        e.put(STARTING, union(EnumSet.of(WARMING, READY, SERVING, IDLE), leaving));
        e.put(WARMING, union(EnumSet.of(STARTING, READY, SERVING, IDLE), leaving));
        e.put(READY, union(EnumSet.of(WARMING, SERVING, IDLE, UNHEALTHY), leaving));
        e.put(SERVING, union(EnumSet.of(WARMING, READY, IDLE, UNHEALTHY), leaving));
        e.put(IDLE, union(EnumSet.of(WARMING, READY, SERVING, UNHEALTHY), leaving));
        e.put(UNHEALTHY, union(EnumSet.of(WARMING, READY, SERVING, IDLE), leaving));
        e.put(STOPPING, EnumSet.of(OFFLINE));
        e.put(CRASHED, EnumSet.of(STARTING, FAILED, OFFLINE));
        e.put(FAILED, EnumSet.of(STARTING, OFFLINE));
        e.put(COMPLETED, EnumSet.of(STARTING, OFFLINE, FAILED));
        return e;
    }

    private static Set<ServiceState> union(Set<ServiceState> a, Set<ServiceState> b) {
        EnumSet<ServiceState> u = EnumSet.copyOf(a);
        u.addAll(b);
        return u;
    }

    /** Whether {@code from → to} is an edge of the table. */
    public static boolean isLegal(ServiceState from, ServiceState to) {
        return EDGES.get(from).contains(to);
    }

    /**
     * Decides what {@code input} does to a service in {@code state}. Pure; never throws for a
     * well-formed input. An input that means nothing in a state yields {@link Decision#nothing()}.
     */
    public static Decision decide(ServiceState state, Input input) {
        Decision d = switch (input) {
            case Start s -> start(state, "started by " + s.by());
            case Restart r -> restart(state, r);
            case Stop s -> stop(state, s);
            case SpawnFailed f -> RUNNING.contains(state) ? crash(f.reason(), true) : Decision.nothing();
            case Exited x -> exited(state, x);
            case DependencyFailed f -> state == OFFLINE || state == COMPLETED || state == CRASHED
                    ? Decision.to(FAILED, f.reason(), new CancelTimers())
                    : Decision.nothing();
            case Reaped r -> state == STOPPING && r.remaining() == 0
                    ? Decision.to(OFFLINE, r.pid() == 0
                            ? "stopped watching it: adopted without a pid, it may still run"
                            : "stopped; last descendant " + r.pid() + " gone", new CancelTimers())
                    : Decision.nothing();
            case Readiness r -> readiness(state, r);
            case LivenessFailed l -> RUNNING.contains(state) ? crash("liveness failed: " + l.reason(), true) : Decision.nothing();
            case ReadyTimeout t -> state == STARTING || state == WARMING ? crash(t.missing(), true) : Decision.nothing();
            case StopTimeout t -> state == STOPPING ? Decision.stay(new KillAll()) : Decision.nothing();
            case BackoffElapsed b -> state == CRASHED ? Decision.to(STARTING, "restarting after backoff", new Spawn()) : Decision.nothing();
            case Assessed a -> state == CRASHED ? assessed(a.verdict()) : Decision.nothing();
        };
        if (d.changesState() && !isLegal(state, d.to())) {
            LOG.error("refused illegal transition {} -> {} on {} (a bug)", state, d.to(), input);
            return Decision.nothing();
        }
        return d;
    }

    /**
     * A transition outside the table's rules, for reconciliation only. Logged at warn level; the
     * caller must publish it like any other transition.
     */
    public static Decision force(String service, ServiceState from, ServiceState to, String cause, Effect... effects) {
        LOG.warn("{}: forced transition {} -> {}: {}", service, from, to, cause);
        return Decision.to(to, cause, effects);
    }

    /**
     * A forced crash, for reconciliation: a child died while vigil was down. Its surviving siblings
     * ({@code killRest}) are killed, then the crash goes through the same bookkeeping as any other.
     */
    public static Decision forceCrash(String service, ServiceState from, String cause, boolean killRest) {
        LOG.warn("{}: forced transition {} -> {}: {}", service, from, CRASHED, cause);
        return crash(cause, killRest);
    }

    private static Decision start(ServiceState state, String cause) {
        return switch (state) {
            case OFFLINE, COMPLETED, CRASHED -> Decision.to(STARTING, cause, new CancelTimers(), new Spawn());
            case FAILED -> Decision.to(STARTING, cause, new ResetCrashLoop(), new CancelTimers(), new Spawn());
            case STOPPING -> Decision.stay(new QueueStart());
            default -> Decision.nothing();
        };
    }

    private static Decision restart(ServiceState state, Restart r) {
        if (RUNNING.contains(state)) {
            return Decision.to(STOPPING, "restart requested by " + r.by(),
                    new CancelTimers(), new Terminate(), new ArmStopTimer(), new QueueStart());
        }
        return start(state, "restarted by " + r.by());
    }

    private static Decision stop(ServiceState state, Stop s) {
        if (RUNNING.contains(state)) {
            return Decision.to(STOPPING, "stop requested by " + s.by(), new CancelTimers(), new Terminate(), new ArmStopTimer());
        }
        if (state == CRASHED || state == FAILED) return Decision.to(OFFLINE, "stopped by " + s.by(), new CancelTimers());
        if (state == STOPPING) return Decision.stay(new DropQueuedStart());
        return Decision.nothing();
    }

    private static Decision exited(ServiceState state, Exited x) {
        String who = x.child().equals(dev.vigil.engine.model.ChildSpec.MAIN) ? "" : "child " + x.child() + " ";
        if (state == STOPPING) {
            return x.remaining() == 0 ? Decision.to(OFFLINE, "stopped (" + x.exit() + ")", new CancelTimers()) : Decision.nothing();
        }
        if (!RUNNING.contains(state)) return Decision.nothing();
        String cause = who + (x.explanation() == null ? describe(x) : x.explanation() + " (" + describe(x) + ")");
        return switch (x.outcome()) {
            case COMPLETED -> Decision.to(COMPLETED, cause, new CancelTimers());
            case PARTIAL -> Decision.nothing();
            case CLEAN -> x.remaining() == 0
                    ? Decision.to(OFFLINE, cause, new CancelTimers())
                    : Decision.to(STOPPING, cause, new CancelTimers(), new Terminate(), new ArmStopTimer());
            case CRASH -> crash(cause, x.remaining() > 0);
        };
    }

    private static String describe(Exited x) {
        if (x.exit().code() == -1) return "exited (status unknown: vigil adopted it, it is not vigil's child)";
        return x.exit().signal() > 0 ? "killed by signal " + x.exit().signalName() : "exited with status " + x.exit().code();
    }

    private static Decision crash(String cause, boolean killRest) {
        List<Effect> effects = new ArrayList<>(List.of(new CancelTimers()));
        if (killRest) effects.add(new KillAll());
        effects.add(new AssessCrash(cause));
        return new Decision(CRASHED, effects, cause);
    }

    private static Decision readiness(ServiceState state, Readiness r) {
        if (!RUNNING.contains(state)) return Decision.nothing();
        ServiceState target = r.level();
        if (target == STARTING && (HEALTHY.contains(state) || state == UNHEALTHY)) target = UNHEALTHY;
        if (target == UNHEALTHY && !(HEALTHY.contains(state) || state == UNHEALTHY)) target = state;
        if (target == state || !RUNNING.contains(target)) return Decision.nothing();
        String cause = r.detail() == null ? "readiness: " + target.name().toLowerCase() : r.detail();
        if (HEALTHY.contains(target)) return Decision.to(target, cause, new CancelReadyTimer(), new MarkHealthy());
        return Decision.to(target, cause);
    }

    private static Decision assessed(Verdict v) {
        return switch (v) {
            case Verdict.Restart r -> Decision.stay(new ArmRestart(r.at()));
            case Verdict.GiveUp g -> Decision.to(FAILED, g.reason(), new CancelTimers());
        };
    }
}
