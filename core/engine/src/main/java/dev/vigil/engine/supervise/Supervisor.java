package dev.vigil.engine.supervise;

import dev.vigil.engine.clock.Scheduler;
import dev.vigil.engine.event.EventBus;
import dev.vigil.engine.lifecycle.Input;
import dev.vigil.engine.metrics.Metrics;
import dev.vigil.engine.model.ServiceSpec;
import dev.vigil.engine.model.ServiceState;
import dev.vigil.engine.model.ServiceStatus;
import dev.vigil.engine.readiness.Ports;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns one {@link ServiceUnit} per declared service and is the engine's front door: the API, the
 * shell and the hooks act on services only through it.
 *
 * <p>Thread-safe. Actions return futures and never block; queries never wait for a unit.
 */
public final class Supervisor {

    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);
    private final Map<String, ServiceUnit> units = new ConcurrentHashMap<>();
    private final ServiceUnit.Context ctx;
    private final Executor executor;
    private final RandomGenerator random;
    private volatile boolean shuttingDown;
    private final Map<String, List<ServiceUnit>> dependents = new ConcurrentHashMap<>();
    private final Metrics metrics;
    private final Ledger ledger;
    private Map<String, Ledger.Memory> memories; // read at the first load, consumed by it

    /** A supervisor that remembers nothing across restarts of vigil. */
    public Supervisor(SupervisorSettings settings, Processes processes, Scheduler scheduler, Executor executor, EventBus bus,
            RandomGenerator random, Ports ports) {
        this(settings, processes, scheduler, executor, bus, random, ports, Ledger.NONE);
    }

    /**
     * A supervisor that writes its children and crash bookkeeping to {@code ledger}, and at its first
     * {@link #load} takes over what a previous vigil wrote there.
     */
    public Supervisor(SupervisorSettings settings, Processes processes, Scheduler scheduler, Executor executor, EventBus bus,
            RandomGenerator random, Ports ports, Ledger ledger) {
        this.metrics = Metrics.listenTo(bus, this::statuses);
        this.ledger = ledger;
        this.ctx = new ServiceUnit.Context(processes, scheduler, bus, settings, metrics.instrument(ports), this::status, (name, by) -> {
            ServiceUnit u = units.get(name);
            if (u != null) u.adoptOr(new Input.Start(by));
        }, ledger);
        // A start that waits for dependencies looks again whenever one of them changes state.
        bus.listen(e -> {
            for (ServiceUnit u : dependents.getOrDefault(e.service(), List.of())) u.recheckDependencies();
        });
        this.executor = executor;
        this.random = random;
    }

    /**
     * Adds services that are not known yet and starts those with {@code autostart}. The first load
     * (boot) first takes over what a previous vigil left running ({@link Ledger#recall}): live
     * children are adopted, not restarted; the store's memory of services no longer declared is
     * dropped (their processes, if any, are left alone and logged).
     *
     * @return completes when every re-attachment decision is applied (boot adoption is done) and
     *     the autostarts are requested
     */
    public synchronized CompletableFuture<Void> load(List<ServiceSpec> specs) {
        boolean boot = memories == null;
        if (boot) memories = new HashMap<>(ledger.recall());
        List<ServiceUnit> added = new ArrayList<>();
        for (ServiceSpec spec : specs) {
            ServiceUnit unit = new ServiceUnit(spec, ctx, new Mailbox(executor, spec.name()), new CrashLoop(random));
            if (units.putIfAbsent(spec.name(), unit) != null) continue;
            added.add(unit);
            for (var d : spec.dependsOn()) dependents.computeIfAbsent(d.service(), k -> new CopyOnWriteArrayList<>()).add(unit);
        }
        // Declared first, started after: a dependency must be known when its dependents look for it.
        // And every re-attachment is decided before anything starts: a dependent's start starts its
        // dependencies, which must not spawn beside processes a previous vigil left running.
        List<CompletableFuture<Void>> decided = new ArrayList<>();
        List<ServiceUnit> toStart = new CopyOnWriteArrayList<>();
        Set<String> running = boot ? runningServices() : Set.of();
        for (ServiceUnit u : added) {
            Ledger.Memory m = memories.remove(u.name());
            boolean leftovers = running.contains(u.name());
            if (m == null && !leftovers) toStart.add(u);
            else decided.add(u.reattach(m != null ? m : new Ledger.Memory(null, List.of()), leftovers).thenAccept(takenOver -> {
                if (!takenOver) toStart.add(u);
            }));
        }
        CompletableFuture<Void> done = CompletableFuture.allOf(decided.toArray(CompletableFuture[]::new)).thenRun(() -> {
            for (ServiceSpec spec : specs) {
                ServiceUnit u = units.get(spec.name());
                if (spec.autostart() && toStart.contains(u)) u.adoptOr(new Input.Start("autostart"));
            }
        });
        if (boot) forgetUndeclared();
        return done;
    }

    /**
     * The services of this runtime folder that have processes running now, by their {@code
     * VIGIL_INSTANCE} ({@code TOKEN/SERVICE/CHILD/N}; one scan of {@code /proc}): a child the dead
     * vigil spawned within milliseconds of its death may have no record yet.
     */
    private Set<String> runningServices() {
        String token = ctx.settings().token() + "/";
        Set<String> names = new HashSet<>();
        for (String instance : ctx.processes().instances(token).values()) {
            String rest = instance.substring(token.length());
            int slash = rest.indexOf('/');
            if (slash > 0) names.add(rest.substring(0, slash));
        }
        return names;
    }

    /** What the store remembers of services that are no longer declared: logged, then dropped. */
    private void forgetUndeclared() {
        memories.forEach((name, m) -> {
            var alive = m.children().stream().filter(c -> ctx.processes().identify(c.identity().pid()).map(c.identity()::equals).orElse(false))
                    .map(c -> String.valueOf(c.identity().pid())).toList();
            if (!alive.isEmpty()) {
                LOG.warn("{} is no longer declared; its processes still run and are left alone: pid {}", name, String.join(", ", alive));
            }
            ledger.forget(name);
        });
        memories.clear();
    }

    public EventBus bus() {
        return ctx.bus();
    }

    public SupervisorSettings settings() {
        return ctx.settings();
    }

    /** The Prometheus metrics of these services, their events and their probes. */
    public Metrics metrics() {
        return metrics;
    }

    /** Every service, by name. */
    public List<ServiceStatus> statuses() {
        List<ServiceStatus> all = new ArrayList<>(units.size());
        units.values().forEach(u -> all.add(u.status()));
        all.sort(Comparator.comparing(ServiceStatus::name));
        return all;
    }

    public Optional<ServiceStatus> status(String name) {
        return Optional.ofNullable(units.get(name)).map(ServiceUnit::status);
    }

    public Optional<ServiceSpec> spec(String name) {
        return Optional.ofNullable(units.get(name)).map(ServiceUnit::spec);
    }

    /**
     * Starts a service. The future completes when it is READY, SERVING, IDLE or COMPLETED, or when it
     * crashed, failed or was stopped meanwhile: the caller reads which from the status.
     */
    public CompletableFuture<ServiceStatus> start(String name, String by) {
        refuseWhenShuttingDown();
        return unit(name).request(new Input.Start(by), Supervisor::settledAfterStart);
    }

    /** Stops, then starts again; completes like {@link #start}. */
    public CompletableFuture<ServiceStatus> restart(String name, String by) {
        refuseWhenShuttingDown();
        return unit(name).request(new Input.Restart(by), s -> s.state() != ServiceState.STOPPING && settledAfterStart(s));
    }

    /** Stops a service; completes when no process of it is left (OFFLINE), or it is FAILED or COMPLETED. */
    public CompletableFuture<ServiceStatus> stop(String name, String by) {
        return unit(name).request(new Input.Stop(by), Supervisor::stopped);
    }

    /** The actions an operator can ask for. */
    public enum Action { START, STOP, RESTART }

    /**
     * Asks for {@code action} without waiting for its outcome: the future completes with the status
     * right after the service has taken the request in (e.g. STOPPING, not the READY of before).
     */
    public CompletableFuture<ServiceStatus> request(String name, Action action, String by) {
        Input input = switch (action) {
            case START -> new Input.Start(by);
            case STOP -> new Input.Stop(by);
            case RESTART -> new Input.Restart(by);
        };
        if (action != Action.STOP) refuseWhenShuttingDown();
        return unit(name).request(input, s -> true);
    }

    /**
     * Adopts a service that already runs outside vigil, if its provider says so; the future
     * completes with the status after the check (OFFLINE when there was nothing to adopt).
     */
    public CompletableFuture<ServiceStatus> adopt(String name) {
        ServiceUnit u = unit(name);
        if (u.status().state() != ServiceState.OFFLINE) {
            throw new NotAdoptableException(name + " is " + u.status().state() + ", not OFFLINE: there is nothing to adopt");
        }
        return u.adoptOr(null);
    }

    /** Stops every service for good: later starts are refused. Completes when all are stopped. */
    public CompletableFuture<Void> shutdown() {
        shuttingDown = true;
        return stopAll("shutdown");
    }

    /** Stops every service; completes when all are stopped. */
    public CompletableFuture<Void> stopAll(String by) {
        return CompletableFuture.allOf(units.keySet().stream().map(n -> stop(n, by)).toArray(CompletableFuture[]::new));
    }

    private void refuseWhenShuttingDown() {
        if (shuttingDown) throw new ShuttingDownException();
    }

    /** Only an OFFLINE service can be adopted. */
    public static final class NotAdoptableException extends RuntimeException {
        public NotAdoptableException(String message) {
            super(message);
        }
    }

    /** vigil is stopping: it starts nothing any more. */
    public static final class ShuttingDownException extends RuntimeException {
        public ShuttingDownException() {
            super("vigil is shutting down; it starts nothing any more");
        }
    }

    private static boolean settledAfterStart(ServiceStatus s) {
        return switch (s.state()) {
            case READY, SERVING, IDLE, COMPLETED, CRASHED, FAILED -> true;
            case OFFLINE -> s.waitingFor().isEmpty();
            default -> false;
        };
    }

    private static boolean stopped(ServiceStatus s) {
        return !s.state().isRunning() && s.state() != ServiceState.STOPPING && s.state() != ServiceState.CRASHED;
    }

    private ServiceUnit unit(String name) {
        ServiceUnit u = units.get(name);
        if (u == null) throw new UnknownServiceException(name);
        return u;
    }

    /** No service of that name is declared. */
    public static final class UnknownServiceException extends RuntimeException {
        public UnknownServiceException(String name) {
            super("no service named \"" + name + "\"");
        }
    }
}
