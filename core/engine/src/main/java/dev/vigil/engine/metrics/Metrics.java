package dev.vigil.engine.metrics;

import dev.vigil.engine.event.EventBus;
import dev.vigil.engine.metrics.Exposition.Type;
import dev.vigil.engine.model.ExitStatus;
import dev.vigil.engine.model.ProbeTarget;
import dev.vigil.engine.model.ServiceState;
import dev.vigil.engine.model.ServiceStatus;
import dev.vigil.engine.readiness.Ports;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * vigil's metrics, rendered in the Prometheus text exposition format (version 0.0.4); {@code
 * docs/metrics.md} lists them.
 *
 * <p>Thread-safe. What the supervisor already knows (states, restarts, exit codes) and what the bus
 * counts (events, subscribers) is read at scrape time; only what nobody else keeps is counted
 * here: time to ready, from a bus listener that does a map update per event, and check latency,
 * from the probe checker's timing hook and a timed provider port ({@link #instrument}). A scrape
 * never takes the bus's lock and never waits for a unit.
 */
public final class Metrics {

    /** Seconds from STARTING to READY: a plain process is READY in milliseconds, a model server in minutes. */
    static final double[] TIME_TO_READY_BUCKETS = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800};
    /** Seconds per check: a local connect takes microseconds, a timed-out HTTP probe its timeout. */
    static final double[] PROBE_BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

    private final EventBus bus;
    private final Supplier<List<ServiceStatus>> services;
    private final LongSupplier nanoTime;
    private final TimeToReady timeToReady = new TimeToReady(TIME_TO_READY_BUCKETS);
    private final Map<ProbeKind, Histogram> checks = new EnumMap<>(ProbeKind.class); // filled here, then only read

    private Metrics(EventBus bus, Supplier<List<ServiceStatus>> services, LongSupplier nanoTime) {
        this.bus = Objects.requireNonNull(bus, "bus");
        this.services = Objects.requireNonNull(services, "services");
        this.nanoTime = nanoTime;
        for (ProbeKind k : ProbeKind.values()) checks.put(k, new Histogram(PROBE_BUCKETS));
    }

    /**
     * Metrics of the services {@code services} lists (sorted by name, as {@code
     * Supervisor.statuses()} does), counting the events of {@code bus} from now on.
     */
    public static Metrics listenTo(EventBus bus, Supplier<List<ServiceStatus>> services) {
        return listenTo(bus, services, System::nanoTime);
    }

    /** For tests: provider checks timed by {@code nanoTime}. */
    static Metrics listenTo(EventBus bus, Supplier<List<ServiceStatus>> services, LongSupplier nanoTime) {
        Metrics m = new Metrics(bus, services, nanoTime);
        bus.listen(m.timeToReady);
        return m;
    }

    /**
     * {@code ports} with every check timed: the checker's built-in checks report to {@link
     * #probeChecked} (replacing any earlier timing hook of that checker) and provider checks go
     * through a timed provider port. Null stays null.
     */
    public Ports instrument(Ports ports) {
        if (ports == null) return null;
        if (ports.checker() != null) ports.checker().timeChecks(this::probeChecked);
        if (ports.providers() == null) return ports;
        return new Ports(ports.runtimeDir(), ports.scheduler(), ports.markers(), ports.notifications(), ports.checker(),
                new TimedProviders(ports.providers(), nanoTime, checks.get(ProbeKind.PROVIDER)::observe), ports.rules());
    }

    /** Records one finished built-in check: its kind comes from {@code target}. Cheap; any thread. */
    public void probeChecked(ProbeTarget target, Duration took) {
        checks.get(ProbeKind.of(target)).observe(took.toNanos());
    }

    /** Every metric as it is now, in the text format. */
    public String scrape() {
        List<ServiceStatus> all = services.get();
        Exposition x = new Exposition();
        x.family("vigil_service_state", Type.GAUGE, "Whether the service is in this state: 1 for its current state, 0 for the others.");
        for (ServiceStatus s : all) {
            for (ServiceState st : ServiceState.values()) {
                x.sample("vigil_service_state", s.state() == st ? 1 : 0, "service", s.name(), "state", st.name());
            }
        }
        x.family("vigil_service_restarts_total", Type.COUNTER, "Automatic restarts of the service since vigil loaded it.");
        for (ServiceStatus s : all) x.sample("vigil_service_restarts_total", s.restarts(), "service", s.name());
        x.family("vigil_service_last_exit_code", Type.GAUGE,
                "Exit code of the service's last process (128+N when signal N killed it, -1 unknown, -2 never ran); absent while none has ended.");
        for (ServiceStatus s : all) {
            ExitStatus exit = s.lastExit();
            if (exit != null) x.sample("vigil_service_last_exit_code", exit.code(), "service", s.name());
        }
        x.family("vigil_service_time_to_ready_seconds", Type.HISTOGRAM,
                "Seconds from STARTING to the first READY (or SERVING or IDLE) of each start of the service.");
        for (ServiceStatus s : all) x.histogram("vigil_service_time_to_ready_seconds", timeToReady.snapshot(s.name()), "service", s.name());
        long ready = all.stream().filter(s -> s.state().isReady()).count();
        x.family("vigil_services_ready", Type.GAUGE, "Services that are READY or SERVING.");
        x.sample("vigil_services_ready", ready);
        x.family("vigil_services_not_ready", Type.GAUGE, "Services in any other state.");
        x.sample("vigil_services_not_ready", all.size() - ready);
        x.family("vigil_events_total", Type.COUNTER, "State transitions published on vigil's event bus since it started.");
        x.sample("vigil_events_total", bus.publishedCount());
        x.family("vigil_event_subscribers", Type.GAUGE, "Event-stream subscribers connected now.");
        x.sample("vigil_event_subscribers", bus.subscriberCount());
        x.family("vigil_probe_duration_seconds", Type.HISTOGRAM, "Seconds one probe or provider check took, by kind of check.");
        for (ProbeKind k : ProbeKind.values()) x.histogram("vigil_probe_duration_seconds", checks.get(k).snapshot(), "kind", k.label());
        return x.text();
    }
}
