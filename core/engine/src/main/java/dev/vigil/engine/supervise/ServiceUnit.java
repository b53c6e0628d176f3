package dev.vigil.engine.supervise;

import dev.vigil.engine.clock.Scheduler;
import static dev.vigil.engine.model.ServiceState.*;

import dev.vigil.engine.event.Event;
import dev.vigil.engine.event.EventBus;
import dev.vigil.engine.lifecycle.Decision;
import dev.vigil.engine.lifecycle.Effect;
import dev.vigil.engine.lifecycle.Input;
import dev.vigil.engine.lifecycle.Input.*;
import dev.vigil.engine.lifecycle.Lifecycle;
import dev.vigil.engine.model.ChildSpec;
import dev.vigil.engine.model.ChildStatus;
import dev.vigil.engine.model.ExitStatus;
import dev.vigil.engine.model.ServiceSpec;
import dev.vigil.engine.model.ServiceState;
import dev.vigil.engine.model.ServiceStatus;
import dev.vigil.engine.supervise.Processes.SpawnException;
import dev.vigil.engine.supervise.Processes.SpawnRequest;
import dev.vigil.engine.supervise.Processes.Spawned;
import dev.vigil.engine.supervise.Timers.Kind;
import dev.vigil.engine.readiness.Listener;
import dev.vigil.engine.readiness.Ports;
import dev.vigil.engine.readiness.ServiceReadiness;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import dev.vigil.engine.model.SocketSpec;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service's lifecycle: decides with {@link Lifecycle}, applies the effects, publishes the status
 * and the events.
 *
 * <p>Every method that touches state runs on the unit's {@link Mailbox}; callers from other threads
 * {@link #post} an input. {@link #status()} may be read from any thread and never blocks.
 *
 * <p>Over 500 lines because every way a service comes to have processes (spawn, provider adoption,
 * boot re-attachment) must apply its effects to the same private state (the process tree, the
 * epoch, the readiness round, the crash bookkeeping) on the same mailbox; the decisions themselves
 * live elsewhere ({@link Lifecycle}, {@link CrashLoop}, {@link Reattach}).
 */
final class ServiceUnit {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceUnit.class);
    private final Mailbox mailbox;
    private final Context ctx;
    private final Timers timers;
    private final CrashLoop crashes;
    private final Tree tree = new Tree();
    private final List<Event> turnEvents = new ArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private final ServiceSpec spec;
    private final String specHash;
    private Facts facts;
    private final ServiceReadiness readiness;
    private String statusText;
    private List<String> waitingFor = List.of();
    private Instant readyDeadline;
    private int epoch;
    private boolean startQueued;
    private boolean spawnPending;
    private boolean specChanged;
    private Ledger.ServiceRecord saved;
    private volatile ServiceStatus status;

    /** What a unit shares with its supervisor. */
    record Context(Processes processes, Scheduler scheduler, EventBus bus, SupervisorSettings settings, Ports ports,
            Function<String, Optional<ServiceStatus>> lookup, BiConsumer<String, String> startDependency, Ledger ledger) {}

    /** The mutable facts shown in the status, replaced as a whole. */
    private record Facts(ServiceState state, Instant since, String reason, ExitStatus lastExit, Instant nextStart) {}

    private record Waiter(Predicate<ServiceStatus> done, CompletableFuture<ServiceStatus> future) {}

    ServiceUnit(ServiceSpec spec, Context ctx, Mailbox mailbox, CrashLoop crashes) {
        this.spec = spec;
        this.specHash = SpecHash.of(spec);
        this.ctx = ctx;
        this.mailbox = mailbox;
        this.timers = new Timers(ctx.scheduler());
        this.crashes = crashes;
        // Readiness callbacks arrive as mailbox tasks; each ends its turn like any input.
        this.readiness = new ServiceReadiness(spec, ctx.ports(), task -> mailbox.execute(() -> {
            task.run();
            finishTurn();
        }), new ReadinessListener());
        this.facts = new Facts(OFFLINE, ctx.scheduler().instant(), "declared", null, null);
        this.status = buildStatus();
        ctx.bus().publish(status, List.of());
    }

    String name() {
        return spec.name();
    }

    ServiceSpec spec() {
        return spec;
    }

    ServiceStatus status() {
        return status;
    }

    /** Posts an input to the mailbox. */
    void post(Input input) {
        mailbox.execute(() -> handle(input));
    }

    /**
     * Posts {@code input}, then completes the future with the first status (from the one right after
     * the input on) that satisfies {@code done}.
     */
    CompletableFuture<ServiceStatus> request(Input input, Predicate<ServiceStatus> done) {
        CompletableFuture<ServiceStatus> f = new CompletableFuture<>();
        mailbox.execute(() -> {
            waiters.add(new Waiter(done, f));
            handle(input);
        });
        return f;
    }

    private void handle(Input input) {
        if (input instanceof Start start && gated(start)) {
            finishTurn();
            return;
        }
        if (input instanceof Stop) waitingFor = List.of();
        step(input);
        finishTurn();
    }

    /**
     * Adopts the service when its provider says it already runs outside vigil (started by hand,
     * or left running), else does {@code orElse} (a start, or nothing). The check comes before any
     * spawn, so before the port-in-use refusal.
     */
    CompletableFuture<ServiceStatus> adoptOr(Input orElse) {
        CompletableFuture<ServiceStatus> done = new CompletableFuture<>();
        mailbox.execute(() -> {
            if (facts.state() != OFFLINE) {
                if (orElse != null) handle(orElse);
                done.complete(status);
                return;
            }
            readiness.adoptable().thenAccept(found -> mailbox.execute(() -> {
                if (found.isPresent() && facts.state() == OFFLINE) adopt(found.get().getKey(), found.get().getValue());
                else if (orElse != null) handle(orElse);
                done.complete(status);
            }));
        });
        return done;
    }

    /**
     * At boot, takes over what a previous vigil left of this service ({@link Reattach}): adopts its
     * live children without restarting them, or crashes it if one died meanwhile, or resumes its
     * backoff; resumes its crash bookkeeping in every case. The future completes once the decision
     * is applied (not when the service is ready): true when the service was taken over, false when
     * there was nothing to take over (it is OFFLINE; the caller may start it).
     *
     * <p>With {@code leftovers} (processes carrying this service's instance prefix run now), unless
     * the plan adopts them, they are killed first: a child the previous vigil spawned within
     * milliseconds of its death, before its record reached the disk, must not run beside a new
     * one. They are watched as descendants, so a spawn waits until they are gone.
     */
    CompletableFuture<Boolean> reattach(Ledger.Memory memory, boolean leftovers) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        mailbox.execute(() -> {
            Ledger.ServiceRecord r = memory.service();
            if (r != null) crashes.restore(new CrashLoop.Saved(r.restarts(), r.consecutive(), r.crashTimes(), r.healthySince()));
            Reattach.Plan plan = Reattach.plan(specHash, memory, id -> ctx.processes().identify(id.pid()).map(id::equals).orElse(false));
            if (leftovers && !(plan instanceof Reattach.Plan.Adopt)) {
                Set<Long> killed = ctx.processes().signal(List.of(), ctx.settings().instancePrefix(spec.name()), Processes.SIGKILL);
                LOG.warn("{}: killed pid {}, left running by a previous vigil without a record of it (so that no duplicate starts)",
                        spec.name(), killed);
                watchDescendants(killed);
            }
            switch (plan) {
                case Reattach.Plan.Fresh f -> {
                    done.complete(false);
                    return;
                }
                case Reattach.Plan.Adopt a -> {
                    adoptLiving(a);
                    // vigil died while stopping it (a shutdown, a stop): the stop goes on.
                    if (r != null && r.state() == STOPPING) step(new Stop("the stop begun before vigil restarted"));
                }
                case Reattach.Plan.CrashedWhileDown c -> crashedWhileDown(c);
                case Reattach.Plan.Backoff b -> {
                    String why = b.reason() == null ? "" : " (" + b.reason() + ")";
                    Decision d = Lifecycle.force(spec.name(), facts.state(), CRASHED, "crashed before vigil restarted" + why
                            + "; its backoff goes on", new Effect.ArmRestart(b.nextStart()));
                    transition(d.to(), d.cause(), null);
                    d.effects().forEach(this::apply);
                }
                case Reattach.Plan.Failed f -> {
                    String why = f.reason() == null ? "failed" : f.reason();
                    Decision d = Lifecycle.force(spec.name(), facts.state(), FAILED, why + " (before vigil restarted)");
                    transition(d.to(), d.cause(), null);
                }
            }
            finishTurn();
            done.complete(true);
        });
        return done;
    }

    /** Every recorded child still runs: watch each with a pidfd, readiness from scratch (no restart). */
    private void adoptLiving(Reattach.Plan.Adopt a) {
        epoch++;
        List<String> pids = new ArrayList<>();
        for (Ledger.ChildRecord c : a.children()) {
            watchAdopted(c.child(), c.identity().pid());
            pids.add(String.valueOf(c.identity().pid()));
            try {
                readiness.reattach(epoch, c.child(), c.notifySocket(), a.notifyReady());
            } catch (IOException e) {
                LOG.warn("{}: child {}: cannot bind its notify socket {} again: {}", spec.name(), c.child(), c.notifySocket(), e.getMessage());
            }
        }
        specChanged = a.specChanged();
        String cause = "re-attached after vigil restarted (pid " + String.join(", ", pids) + ", watched with a pidfd; not restarted)"
                + (specChanged ? "; its declaration changed while vigil was down: restart it to apply" : "");
        Decision d = Lifecycle.force(spec.name(), facts.state(), STARTING, cause);
        transition(d.to(), d.cause(), null);
        // A process spawned from another declaration may never meet this one's readiness sources:
        // its ready_timeout would restart it behind the operator's back. It waits for a restart.
        if (!specChanged && (spec.oneshot() || spec.hasReadinessSource()) && !spec.readyTimeout().isZero()) armReadyTimer(spec.readyTimeout());
        readiness.spawned(epoch);
    }

    /** A recorded child died while vigil was down, its exit status unseen: the service crashed. */
    private void crashedWhileDown(Reattach.Plan.CrashedWhileDown c) {
        epoch++;
        for (Ledger.ChildRecord s : c.survivors()) watchAdopted(s.child(), s.identity().pid());
        Ledger.ChildRecord first = c.gone().getFirst();
        for (Ledger.ChildRecord g : c.gone()) ctx.ledger().childGone(spec.name(), g.child(), g.identity().pid());
        String who = first.child().equals(ChildSpec.MAIN) ? "" : "child " + first.child() + " ";
        String cause = who + "exited while the supervisor was down (pid " + first.identity().pid() + ", exit status unknown)";
        Decision d = Lifecycle.forceCrash(spec.name(), facts.state(), cause, !c.survivors().isEmpty());
        transition(d.to(), d.cause(), new Exited(first.child(), first.identity().pid(), ExitStatus.unknown(), c.survivors().size(), Outcome.CRASH));
        d.effects().forEach(this::apply);
    }

    /** Watches a process this vigil did not spawn as child {@code child}; its exit status will be unknown. */
    private Spawned watchAdopted(String child, long pid) {
        Spawned p = ctx.processes().adopt(pid);
        tree.add(child, p);
        int ep = epoch;
        p.onExit().thenAccept(exit -> mailbox.execute(() -> childExited(ep, child, p, exit)));
        return p;
    }

    private void adopt(ServiceState level, String detail) {
        epoch++;
        String main = spec.children().getFirst().name();
        OptionalLong pid = spec.sockets().stream()
                .filter(s -> s instanceof SocketSpec.Tcp)
                .map(s -> ctx.processes().listenerOn(((SocketSpec.Tcp) s).port()))
                .filter(OptionalLong::isPresent)
                .findFirst()
                .orElse(OptionalLong.empty());
        String cause = detail;
        if (pid.isPresent()) {
            watchAdopted(main, pid.getAsLong());
            record(main, pid.getAsLong(), "adopted", null);
            cause += " (pid " + pid.getAsLong() + ", watched with a pidfd)";
        } else {
            cause += " (no pid found for its sockets: watched by its provider only)";
        }
        Decision d = Lifecycle.force(spec.name(), facts.state(), level, cause);
        transition(d.to(), d.cause(), null);
        crashes.markHealthy(ctx.scheduler().instant());
        readiness.spawned(epoch, true);
        finishTurn();
    }

    /** Re-examines the dependencies of a start that waits for them (a dependency changed state). */
    void recheckDependencies() {
        mailbox.execute(() -> {
            if (!waitingFor.isEmpty()) handle(new Start("the dependency check (all held)"));
        });
    }

    /** True when {@code start} must wait for (or fails on) dependencies; the status says which. */
    private boolean gated(Start start) {
        ServiceState s = facts.state();
        if (spec.dependsOn().isEmpty() || s.isRunning() || s == STOPPING) return false;
        switch (DependencyGate.check(spec, ctx.lookup())) {
            case DependencyGate.Verdict.Held h -> {
                waitingFor = List.of();
                return false;
            }
            case DependencyGate.Verdict.Waiting w -> {
                waitingFor = w.missing();
                w.toStart().forEach(d -> ctx.startDependency().accept(d, spec.name() + " (which needs it)"));
                return true;
            }
            case DependencyGate.Verdict.Failed f -> {
                waitingFor = List.of();
                step(new DependencyFailed(f.reason()));
                return true;
            }
        }
    }

    private void step(Input input) {
        Decision d = Lifecycle.decide(facts.state(), input);
        if (d.changesState()) transition(d.to(), d.cause(), input);
        for (Effect e : d.effects()) apply(e);
        if (facts.state() == OFFLINE && startQueued) {
            startQueued = false;
            step(new Start("restart"));
        }
    }

    private void transition(ServiceState to, String cause, Input in) {
        Instant now = ctx.scheduler().instant();
        String child = null;
        Long pid = null;
        ExitStatus exit = null;
        if (in instanceof Exited x) {
            child = x.child();
            pid = x.pid();
            exit = x.exit();
        } else if (in instanceof SpawnFailed f) {
            child = f.child();
            exit = ExitStatus.spawnFailed();
        }
        if (child != null && child.equals(ChildSpec.MAIN)) child = null;
        if (pid == null) {
            Spawned main = tree.child(spec.children().getFirst().name());
            if (main != null) pid = main.pid();
        }
        turnEvents.add(new Event(0, now, spec.name(), child, facts.state(), to, cause, pid, exit));
        Instant next = to == CRASHED ? facts.nextStart() : null;
        facts = new Facts(to, now, cause, exit != null ? exit : facts.lastExit(), next);
        if (!to.isRunning()) {
            readiness.end();
            if (to != STOPPING) statusText = null;
        }
    }

    private void apply(Effect effect) {
        switch (effect) {
            case Effect.Spawn s -> spawn();
            case Effect.Terminate t -> {
                signal(Processes.SIGTERM);
                // An adopted service whose pid vigil never found: nothing to wait for.
                if (tree.isEmpty()) mailbox.execute(() -> handle(new Reaped(0, 0)));
            }
            case Effect.KillAll k -> signal(Processes.SIGKILL);
            case Effect.ArmStopTimer a -> armTimer(Kind.STOP, spec.stopTimeout(), () -> new StopTimeout());
            case Effect.CancelReadyTimer c -> timers.cancel(Kind.READY);
            case Effect.ArmRestart a -> {
                int ep = epoch;
                facts = new Facts(facts.state(), facts.since(), facts.reason(), facts.lastExit(), a.at());
                timers.armAt(Kind.RESTART, a.at(), () -> mailbox.execute(() -> {
                    if (ep == epoch) handle(new BackoffElapsed());
                }));
            }
            case Effect.CancelTimers c -> timers.cancelAll();
            case Effect.AssessCrash a -> step(new Assessed(
                    crashes.assess(ctx.scheduler().instant(), a.cause(), spec.restart(), spec.backoff())));
            case Effect.ResetCrashLoop r -> crashes.reset();
            case Effect.QueueStart q -> startQueued = true;
            case Effect.DropQueuedStart q -> startQueued = false;
            case Effect.MarkHealthy m -> crashes.markHealthy(ctx.scheduler().instant());
        }
    }

    private void armTimer(Kind kind, Duration delay, Supplier<Input> input) {
        int ep = epoch;
        timers.arm(kind, delay, () -> mailbox.execute(() -> {
            if (ep == epoch) handle(input.get());
        }));
    }

    private void armReadyTimer(Duration delay) {
        readyDeadline = ctx.scheduler().instant().plus(delay);
        armTimer(Kind.READY, delay, () -> new ReadyTimeout("ready_timeout " + Durations.format(spec.readyTimeout()) + ": "
                + (spec.hasReadinessSource() ? readiness.missing() : "oneshot still running")));
    }

    private void spawn() {
        if (!tree.isEmpty()) {
            spawnPending = true; // the previous processes are still dying; spawn once they are gone
            return;
        }
        epoch++;
        statusText = null;
        specChanged = false;
        for (ChildSpec child : spec.children()) {
            Map<String, String> env = new HashMap<>(child.env());
            try {
                env.putAll(readiness.prepare(epoch, child.name()));
            } catch (IOException e) {
                LOG.warn("{}: cannot start child {}: {}", spec.name(), child.name(), e.getMessage());
                step(new SpawnFailed(child.name(), e.getMessage()));
                return;
            }
            SpawnRequest req = new SpawnRequest(spec.name(), child.name(), child.command(), child.cwd(), env,
                    ctx.settings().logFile(spec, child.name()), ctx.settings().instancePrefix(spec.name()) + child.name() + "/" + epoch);
            try {
                Spawned p = ctx.processes().spawn(req);
                tree.add(child.name(), p);
                record(child.name(), p.pid(), req.instance(), env.get("NOTIFY_SOCKET"));
                int ep = epoch;
                p.onExit().thenAccept(exit -> mailbox.execute(() -> childExited(ep, child.name(), p, exit)));
            } catch (SpawnException e) {
                LOG.warn("{}: cannot spawn child {}: {}", spec.name(), child.name(), e.getMessage());
                step(new SpawnFailed(child.name(), "exec failed: " + e.getMessage()));
                return;
            }
        }
        if ((spec.oneshot() || spec.hasReadinessSource()) && !spec.readyTimeout().isZero()) armReadyTimer(spec.readyTimeout());
        readiness.spawned(epoch);
    }

    /** Writes a live child down (queued), so that a later vigil can find it again. */
    private void record(String child, long pid, String instance, String notifySocket) {
        ctx.processes().identify(pid).ifPresent(id -> ctx.ledger().childUp(
                new Ledger.ChildRecord(spec.name(), child, id, instance, notifySocket, specHash,
                        spec.sockets().stream().map(SocketSpec::uri).toList(), ctx.scheduler().instant())));
    }

    /** What the readiness sources say, applied on the mailbox. */
    private final class ReadinessListener implements Listener {
        @Override
        public void level(ServiceState level, String detail) {
            step(new Readiness(level, detail));
        }

        @Override
        public void detail(String detail) {
            ServiceState s = facts.state();
            if (s == STARTING || s == WARMING || s == UNHEALTHY) {
                facts = new Facts(s, facts.since(), detail, facts.lastExit(), facts.nextStart());
            }
        }

        @Override
        public void livenessFailed(String reason) {
            step(new LivenessFailed(reason));
        }

        @Override
        public void extendReadyTimeout(Duration atLeast) {
            ServiceState s = facts.state();
            if ((s != STARTING && s != WARMING) || spec.readyTimeout().isZero()) return;
            Instant wanted = ctx.scheduler().instant().plus(atLeast);
            if (readyDeadline == null || wanted.isAfter(readyDeadline)) armReadyTimer(atLeast);
        }

        @Override
        public void statusText(String text) {
            statusText = text;
        }
    }

    private void signal(int sig) {
        watchDescendants(ctx.processes().signal(tree.spawned(), ctx.settings().instancePrefix(spec.name()), sig));
    }

    private void watchDescendants(Set<Long> found) {
        for (Long pid : tree.addDescendants(found)) {
            ctx.processes().whenGone(pid).thenRun(() -> mailbox.execute(() -> descendantGone(pid)));
        }
    }

    private void childExited(int ep, String child, Spawned p, ExitStatus exit) {
        if (!tree.remove(child, p)) return;
        ctx.ledger().childGone(spec.name(), child, p.pid());
        boolean stopping = facts.state() == STOPPING;
        facts = new Facts(facts.state(), facts.since(), facts.reason(), exit, facts.nextStart());
        if (ep != epoch) {
            LOG.debug("{}: stale exit of {} ({})", spec.name(), p.pid(), exit);
        } else {
            String why = facts.state().isRunning() ? readiness.explainExit(exit.signal() > 0 ? -1 : exit.code(), exit.signal()).orElse(null) : null;
            step(new Exited(child, p.pid(), exit, tree.size(), outcome(exit), why));
        }
        finishTurn(); // the exit is news at once; the clean-up below may take a few reads of /proc
        if (tree.childCount() == 0 && !stopping) {
            // Like systemd's control-group kill: nothing of a service outlives its last child.
            watchDescendants(ctx.processes().killLeftovers(p.pid(), ctx.settings().instancePrefix(spec.name())));
        }
        afterProcessGone();
    }

    private Outcome outcome(ExitStatus exit) {
        if (spec.oneshot() && exit.isSuccess()) return tree.childCount() == 0 ? Outcome.COMPLETED : Outcome.PARTIAL;
        return spec.restart().restartsAfter(exit) || !exit.isSuccess() ? Outcome.CRASH : Outcome.CLEAN;
    }

    private void descendantGone(long pid) {
        tree.removeDescendant(pid);
        step(new Reaped(pid, tree.size()));
        afterProcessGone();
    }

    private void afterProcessGone() {
        if (tree.isEmpty() && spawnPending) {
            spawnPending = false;
            spawn();
        }
        finishTurn();
    }

    private void finishTurn() {
        status = buildStatus();
        List<Event> events = List.copyOf(turnEvents);
        turnEvents.clear();
        ctx.bus().publish(status, events);
        save();
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (w.done().test(status)) {
                it.remove();
                w.future().complete(status);
            }
        }
    }

    /**
     * Queues the service's record when it changed: its state (with the reason it changed for), its
     * READY=1, the crash bookkeeping. A reason that moves on within a state (what a probe still
     * misses) is not written each time.
     */
    private void save() {
        CrashLoop.Saved c = crashes.save();
        String reason = saved != null && saved.state() == facts.state() ? saved.reason() : facts.reason();
        Ledger.ServiceRecord r = new Ledger.ServiceRecord(spec.name(), facts.state(), reason, readiness.notifyHeld(), c.total(),
                c.consecutive(), c.recent(), c.healthySince(), facts.nextStart());
        if (r.equals(saved)) return;
        saved = r;
        ctx.ledger().service(r);
    }

    private ServiceStatus buildStatus() {
        List<ChildStatus> children = new ArrayList<>();
        ServiceState s = facts.state();
        for (ChildSpec c : spec.children()) {
            Spawned p = tree.child(c.name());
            ServiceState cs = p != null ? s : (s == CRASHED || s == FAILED || s == COMPLETED ? s : OFFLINE);
            children.add(new ChildStatus(c.name(), cs, p == null ? null : p.pid(), null));
        }
        Long pid = children.getFirst().pid();
        return new ServiceStatus(spec.name(), s, pid, children, facts.since(), crashes.total(), facts.lastExit(),
                waitingFor.isEmpty() ? facts.reason() : "waiting for " + String.join(", ", waitingFor), facts.nextStart(),
                readiness.describe(), statusText, waitingFor, specChanged);
    }
}
