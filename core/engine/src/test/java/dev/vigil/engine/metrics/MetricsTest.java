package dev.vigil.engine.metrics;

import static dev.vigil.engine.model.ServiceState.*;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.vigil.engine.event.Event;
import dev.vigil.engine.event.EventBus;
import dev.vigil.engine.event.Subscription;
import dev.vigil.engine.model.ExitStatus;
import dev.vigil.engine.model.ProbeTarget;
import dev.vigil.engine.model.ServiceState;
import dev.vigil.engine.model.ServiceStatus;
import dev.vigil.engine.probe.Checker;
import dev.vigil.engine.readiness.Ports;
import dev.vigil.engine.readiness.ProviderPort;
import dev.vigil.engine.spi.ProbeResult;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.hawkular.agent.prometheus.types.Histogram;
import org.hawkular.agent.prometheus.types.Metric;
import org.hawkular.agent.prometheus.types.MetricType;
import org.junit.jupiter.api.Test;

class MetricsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final EventBus bus = new EventBus();
    private final List<ServiceStatus> services = new ArrayList<>();
    private final AtomicLong nanos = new AtomicLong();
    private final Metrics metrics = Metrics.listenTo(bus, () -> List.copyOf(services), nanos::get);

    private static ServiceStatus status(String name, ServiceState state, int restarts, ExitStatus lastExit) {
        return new ServiceStatus(name, state, null, List.of(), T0, restarts, lastExit, "test", null, "none", null, List.of());
    }

    /** A supervisor's four services in known states: ready, warming up, given up, never started. */
    private void fourServices() {
        services.add(status("db", WARMING, 0, null));
        services.add(status("job", FAILED, 2, new ExitStatus(3, 0)));
        services.add(status("lost", OFFLINE, 0, null));
        services.add(status("web", READY, 1, ExitStatus.fromJdk(137)));
    }

    /** Publishes one transition of {@code service} at {@code T0 + millis}. */
    private void move(String service, ServiceState from, ServiceState to, long millis) {
        bus.publish(status(service, to, 0, null), List.of(new Event(0, T0.plusMillis(millis), service, null, from, to, "test", null, null)));
    }

    private Scrape scrape() {
        return Scrape.parse(metrics.scrape());
    }

    @Test
    void serviceState_isOneGaugePerState_oneForTheCurrent() {
        fourServices();
        Scrape s = scrape();
        assertEquals(4 * ServiceState.values().length, s.family("vigil_service_state", MetricType.GAUGE).getMetrics().size());
        for (ServiceStatus svc : services) {
            for (ServiceState st : ServiceState.values()) {
                double v = s.gauge("vigil_service_state", Map.of("service", svc.name(), "state", st.name()));
                assertEquals(svc.state() == st ? 1.0 : 0.0, v, svc.name() + " " + st);
            }
        }
    }

    @Test
    void restarts_areACounterPerService() {
        fourServices();
        Scrape s = scrape();
        assertEquals(2.0, s.counter("vigil_service_restarts_total", Map.of("service", "job")));
        assertEquals(1.0, s.counter("vigil_service_restarts_total", Map.of("service", "web")));
        assertEquals(0.0, s.counter("vigil_service_restarts_total", Map.of("service", "lost")));
    }

    @Test
    void lastExitCode_isTheCode_128PlusTheSignal_andAbsentWhileNoneEnded() {
        fourServices();
        Scrape s = scrape();
        assertEquals(3.0, s.gauge("vigil_service_last_exit_code", Map.of("service", "job")));
        assertEquals(137.0, s.gauge("vigil_service_last_exit_code", Map.of("service", "web")));
        assertNull(s.metric("vigil_service_last_exit_code", MetricType.GAUGE, Map.of("service", "lost")));
        assertNull(s.metric("vigil_service_last_exit_code", MetricType.GAUGE, Map.of("service", "db")));
    }

    @Test
    void readyAndNotReady_countTheServices() {
        fourServices();
        services.add(status("api", SERVING, 0, null));
        Scrape s = scrape();
        assertEquals(2.0, s.gauge("vigil_services_ready", Map.of()));
        assertEquals(3.0, s.gauge("vigil_services_not_ready", Map.of()));
    }

    @Test
    void timeToReady_isObservedFromStartingToReady_onceAStart() {
        services.add(status("web", READY, 0, null));
        move("web", OFFLINE, STARTING, 0);
        move("web", STARTING, WARMING, 1000);
        move("web", WARMING, STARTING, 1500); // the same start, not a new one
        move("web", STARTING, READY, 3000);
        move("web", READY, UNHEALTHY, 4000);
        move("web", UNHEALTHY, READY, 5000); // back to READY: not a start
        Histogram h = scrape().histogram("vigil_service_time_to_ready_seconds", Map.of("service", "web"));
        assertEquals(1, h.getSampleCount());
        assertEquals(3.0, h.getSampleSum(), 1e-9);
        assertEquals(0, Scrape.bucket(h, 2.5));
        assertEquals(1, Scrape.bucket(h, 5));
        assertEquals(1, Scrape.bucket(h, Double.POSITIVE_INFINITY));
    }

    @Test
    void timeToReady_forgetsAStartThatCrashed_andTimesTheRestart() {
        services.add(status("web", READY, 1, null));
        move("web", OFFLINE, STARTING, 0);
        move("web", STARTING, CRASHED, 700);
        move("web", CRASHED, STARTING, 10_000);
        move("web", STARTING, SERVING, 10_250);
        Histogram h = scrape().histogram("vigil_service_time_to_ready_seconds", Map.of("service", "web"));
        assertEquals(1, h.getSampleCount());
        assertEquals(0.25, h.getSampleSum(), 1e-9);
        assertEquals(0, Scrape.bucket(h, 0.1));
        assertEquals(1, Scrape.bucket(h, 0.25)); // le: the bound itself is in the bucket
    }

    @Test
    void timeToReady_ofAnAdoptedOrNeverStartedService_isAnEmptyHistogram() {
        services.add(status("adopted", READY, 0, null));
        services.add(status("idle", OFFLINE, 0, null));
        move("adopted", OFFLINE, READY, 0);
        Scrape s = scrape();
        for (String name : List.of("adopted", "idle")) {
            Histogram h = s.histogram("vigil_service_time_to_ready_seconds", Map.of("service", name));
            assertEquals(0, h.getSampleCount(), name);
            assertEquals(Metrics.TIME_TO_READY_BUCKETS.length + 1, h.getBuckets().size(), name);
            assertTrue(h.getBuckets().stream().allMatch(b -> b.getCumulativeCount() == 0), name);
        }
    }

    @Test
    void eventsAndSubscribers_areTheBusCounts() {
        services.add(status("web", READY, 0, null));
        move("web", OFFLINE, STARTING, 0);
        move("web", STARTING, READY, 10);
        try (Subscription a = bus.subscribe(8); Subscription b = bus.subscribe(8)) {
            Scrape s = scrape();
            assertEquals(2.0, s.counter("vigil_events_total", Map.of()));
            assertEquals(2.0, s.gauge("vigil_event_subscribers", Map.of()));
        }
        assertEquals(0.0, scrape().gauge("vigil_event_subscribers", Map.of()));
    }

    @Test
    void probeDuration_isAHistogramPerKind_allFiveAlwaysThere() {
        metrics.probeChecked(new ProbeTarget.Tcp("localhost", 5432), Duration.ofMillis(3));
        metrics.probeChecked(new ProbeTarget.Tcp("localhost", 5432), Duration.ofMillis(30));
        metrics.probeChecked(new ProbeTarget.Unix(Path.of("/run/x.sock")), Duration.ofMillis(1));
        Scrape s = scrape();
        Set<String> kinds = new HashSet<>();
        for (Metric m : s.family("vigil_probe_duration_seconds", MetricType.HISTOGRAM).getMetrics()) kinds.add(m.getLabels().get("kind"));
        assertEquals(Set.of("tcp", "http", "exec", "unix", "provider"), kinds);
        Histogram tcp = s.histogram("vigil_probe_duration_seconds", Map.of("kind", "tcp"));
        assertEquals(2, tcp.getSampleCount());
        assertEquals(0.033, tcp.getSampleSum(), 1e-9);
        assertEquals(1, Scrape.bucket(tcp, 0.005));
        assertEquals(2, Scrape.bucket(tcp, 0.05));
        assertEquals(1, s.histogram("vigil_probe_duration_seconds", Map.of("kind", "unix")).getSampleCount());
        assertEquals(0, s.histogram("vigil_probe_duration_seconds", Map.of("kind", "http")).getSampleCount());
    }

    @Test
    void providerChecks_areTimedThroughTheInstrumentedPort_cancelledOnesAreNot() {
        List<CompletableFuture<ProbeResult>> checks = new ArrayList<>();
        ProviderPort port = spec -> new FakeProviderProbe(checks);
        Ports ports = metrics.instrument(new Ports(Path.of("/tmp"), null, null, null, null, port));
        ProviderPort.ProviderProbe probe = ports.providers().open(null);

        nanos.set(1_000_000_000L);
        CompletableFuture<ProbeResult> first = probe.check(Duration.ofSeconds(5));
        assertSame(checks.getFirst(), first, "the provider's own future, so that cancelling it still cancels the check");
        nanos.addAndGet(40_000_000L);
        checks.getFirst().complete(new ProbeResult.Ready(List.of(), "ok"));
        probe.check(Duration.ofSeconds(5)).cancel(true);

        Histogram h = scrape().histogram("vigil_probe_duration_seconds", Map.of("kind", "provider"));
        assertEquals(1, h.getSampleCount());
        assertEquals(0.04, h.getSampleSum(), 1e-9);
        assertEquals(1, Scrape.bucket(h, 0.05));
        assertEquals(0, Scrape.bucket(h, 0.025));
    }

    @Test
    void checkerChecks_areTimedByKind() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (Checker checker = new Checker()) {
            metrics.instrument(new Ports(Path.of("/tmp"), null, null, null, checker, null));
            assertFalse(checker.check(new ProbeTarget.Tcp("127.0.0.1", closedPort), Duration.ofSeconds(5)).get().passed());
            await().until(() -> scrape().histogram("vigil_probe_duration_seconds", Map.of("kind", "tcp")).getSampleCount() == 1);
            Histogram tcp = scrape().histogram("vigil_probe_duration_seconds", Map.of("kind", "tcp"));
            assertTrue(tcp.getSampleSum() > 0 && tcp.getSampleSum() < 5, "a refused connect took " + tcp.getSampleSum() + " s");
            assertEquals(0, scrape().histogram("vigil_probe_duration_seconds", Map.of("kind", "exec")).getSampleCount());
        }
    }

    @Test
    void labelValues_areEscaped_andReadBackIntact() {
        String odd = "we\"ird\\name\nwith a line feed, a comma} and {braces}";
        services.add(status(odd, READY, 4, null));
        Scrape s = scrape();
        assertEquals(4.0, s.counter("vigil_service_restarts_total", Map.of("service", odd)));
        assertEquals(1.0, s.gauge("vigil_service_state", Map.of("service", odd, "state", "READY")));
        assertEquals(0, s.histogram("vigil_service_time_to_ready_seconds", Map.of("service", odd)).getSampleCount());
    }

    @Test
    void everyFamily_hasHelpAndItsType_evenWithNoService() {
        Map<String, MetricType> expected = Map.of(
                "vigil_service_state", MetricType.GAUGE,
                "vigil_service_restarts_total", MetricType.COUNTER,
                "vigil_service_last_exit_code", MetricType.GAUGE,
                "vigil_service_time_to_ready_seconds", MetricType.HISTOGRAM,
                "vigil_services_ready", MetricType.GAUGE,
                "vigil_services_not_ready", MetricType.GAUGE,
                "vigil_events_total", MetricType.COUNTER,
                "vigil_event_subscribers", MetricType.GAUGE,
                "vigil_probe_duration_seconds", MetricType.HISTOGRAM);
        String text = metrics.scrape();
        Scrape s = Scrape.parse(text);
        assertEquals(expected.keySet(), s.families().keySet());
        expected.forEach((name, type) -> {
            s.family(name, type);
            // The parser would take a family without a TYPE line for a gauge: check the line is there.
            assertTrue(text.contains("\n# TYPE " + name + " " + type.name().toLowerCase(java.util.Locale.ROOT) + "\n"), name);
        });
        assertEquals(0.0, s.gauge("vigil_services_ready", Map.of()));
        assertEquals(0.0, s.gauge("vigil_services_not_ready", Map.of()));
    }

    @Test
    void bucketBounds_increase() {
        for (double[] b : List.of(Metrics.TIME_TO_READY_BUCKETS, Metrics.PROBE_BUCKETS)) {
            double[] sorted = b.clone();
            Arrays.sort(sorted);
            assertArrayEquals(sorted, b);
            assertEquals(b.length, Arrays.stream(b).distinct().count());
        }
    }

    private record FakeProviderProbe(List<CompletableFuture<ProbeResult>> checks) implements ProviderPort.ProviderProbe {
        @Override
        public CompletableFuture<ProbeResult> check(Duration timeout) {
            CompletableFuture<ProbeResult> f = new CompletableFuture<>();
            checks.add(f);
            return f;
        }

        @Override
        public CompletableFuture<ProbeResult> adopt(Duration timeout) {
            return new CompletableFuture<>();
        }

        @Override
        public Optional<String> explainExit(int code, int signal, ProbeResult last) {
            return Optional.empty();
        }

        @Override
        public void close() {}
    }
}
