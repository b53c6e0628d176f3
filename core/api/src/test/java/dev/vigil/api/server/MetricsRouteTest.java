package dev.vigil.api.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.vigil.api.client.ControlClient;
import dev.vigil.api.client.SseReader;
import dev.vigil.engine.clock.SystemScheduler;
import dev.vigil.engine.event.EventBus;
import dev.vigil.engine.model.BackoffPolicy;
import dev.vigil.engine.model.ChildSpec;
import dev.vigil.engine.model.RestartPolicy;
import dev.vigil.engine.model.ServiceSpec;
import dev.vigil.engine.model.ServiceState;
import dev.vigil.engine.os.SystemProcesses;
import dev.vigil.engine.supervise.Supervisor;
import dev.vigil.engine.supervise.SupervisorSettings;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.hawkular.agent.prometheus.text.TextPrometheusMetricDataParser;
import org.hawkular.agent.prometheus.types.Counter;
import org.hawkular.agent.prometheus.types.Gauge;
import org.hawkular.agent.prometheus.types.Histogram;
import org.hawkular.agent.prometheus.types.Metric;
import org.hawkular.agent.prometheus.types.MetricFamily;
import org.hawkular.agent.prometheus.types.MetricType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics} on a real socket, over real processes, read back by a Prometheus text parser. */
class MetricsRouteTest {

    @TempDir
    Path dir;

    private final SystemProcesses procs = new SystemProcesses();
    private final SystemScheduler scheduler = new SystemScheduler();
    private final ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor();
    private Supervisor sup;
    private ControlServer server;
    private ControlClient client;

    private ServiceSpec service(String name, String script, boolean autostart, BackoffPolicy backoff) {
        return new ServiceSpec(name, List.of(new ChildSpec(ChildSpec.MAIN, List.of("sh", "-c", script), dir, Map.of())),
                RestartPolicy.ON_FAILURE, false, autostart, Duration.ofSeconds(5), Duration.ofSeconds(60), List.of(), backoff,
                dir.resolve(name + ".toml"));
    }

    /** web runs and is READY; flaky exits 3 at once, is restarted twice, then FAILED; idle is never started. */
    @BeforeEach
    void start() throws Exception {
        BackoffPolicy quick = new BackoffPolicy(Duration.ofMillis(10), 1, Duration.ofMillis(10), 0, Duration.ofMinutes(10), 2, Duration.ofMinutes(10));
        sup = new Supervisor(new SupervisorSettings(dir, "metrics-test-" + System.nanoTime()), procs, scheduler, exec, new EventBus(),
                new Random(), null);
        sup.load(List.of(service("web", "exec sleep 100000", true, quick), service("flaky", "exit 3", true, quick),
                service("idle", "exec sleep 100000", false, quick)));
        server = new ControlServer(sup, dir.resolve("control.sock"), () -> true);
        server.start();
        client = new ControlClient(dir.resolve("control.sock"));
        await().until(() -> sup.status("web").orElseThrow().state() == ServiceState.READY
                && sup.status("flaky").orElseThrow().state() == ServiceState.FAILED);
    }

    @AfterEach
    void stop() throws Exception {
        sup.stopAll("test").get();
        server.close();
        exec.close();
        procs.close();
        scheduler.close();
    }

    @Test
    void metrics_isTheTextFormat_withEveryServiceInItsState() throws Exception {
        ControlClient.Response r = client.send("GET", "/metrics", null);
        assertEquals(200, r.status());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().get("content-type"));
        Map<String, MetricFamily> m = parse(r.body());

        Map<String, ServiceState> expected = Map.of("web", ServiceState.READY, "flaky", ServiceState.FAILED, "idle", ServiceState.OFFLINE);
        assertEquals(expected.size() * ServiceState.values().length, family(m, "vigil_service_state", MetricType.GAUGE).getMetrics().size());
        expected.forEach((service, state) -> {
            for (ServiceState st : ServiceState.values()) {
                assertEquals(st == state ? 1.0 : 0.0, gauge(m, "vigil_service_state", Map.of("service", service, "state", st.name())), service + " " + st);
            }
        });

        assertEquals(2.0, counter(m, "vigil_service_restarts_total", Map.of("service", "flaky")));
        assertEquals(0.0, counter(m, "vigil_service_restarts_total", Map.of("service", "web")));
        assertEquals(3.0, gauge(m, "vigil_service_last_exit_code", Map.of("service", "flaky")));
        assertEquals(List.of(Map.of("service", "flaky")), family(m, "vigil_service_last_exit_code", MetricType.GAUGE).getMetrics().stream()
                .map(Metric::getLabels).toList(), "no exit code for a service whose process never ended");

        assertEquals(1, histogram(m, "vigil_service_time_to_ready_seconds", Map.of("service", "web")).getSampleCount());
        assertEquals(3, histogram(m, "vigil_service_time_to_ready_seconds", Map.of("service", "flaky")).getSampleCount(), "three starts");
        assertEquals(0, histogram(m, "vigil_service_time_to_ready_seconds", Map.of("service", "idle")).getSampleCount());

        assertEquals(1.0, gauge(m, "vigil_services_ready", Map.of()));
        assertEquals(2.0, gauge(m, "vigil_services_not_ready", Map.of()));
        assertEquals((double) sup.bus().publishedCount(), counter(m, "vigil_events_total", Map.of()));
        assertTrue(counter(m, "vigil_events_total", Map.of()) >= 2 + 3 * 3, "web: 2 transitions, flaky: at least 3 per start");
        assertEquals(0.0, gauge(m, "vigil_event_subscribers", Map.of()));
        for (String kind : List.of("tcp", "http", "exec", "unix", "provider")) {
            assertEquals(0, histogram(m, "vigil_probe_duration_seconds", Map.of("kind", kind)).getSampleCount(), kind);
        }
    }

    @Test
    void eventSubscribers_countsAnOpenEventStream() throws Exception {
        try (ControlClient.Stream s = client.open("GET", "/v1/events", null)) {
            assertEquals("snapshot", new SseReader(s.body()).next().event());
            assertEquals(1.0, gauge(parse(client.send("GET", "/metrics", null).body()), "vigil_event_subscribers", Map.of()));
        }
    }

    @Test
    void metrics_isGetOnly() throws Exception {
        assertEquals(405, client.send("POST", "/metrics", null).status());
    }

    /**
     * The families of a scrape, as the parser reads them. It skips a line it cannot read instead of
     * failing, so every sample line must be accounted for.
     */
    private static Map<String, MetricFamily> parse(String text) throws Exception {
        Map<String, MetricFamily> families = new LinkedHashMap<>();
        var parser = new TextPrometheusMetricDataParser(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        for (MetricFamily f = parser.parse(); f != null; f = parser.parse()) assertNull(families.put(f.getName(), f), f.getName());
        long lines = text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
        long samples = families.values().stream().flatMap(f -> f.getMetrics().stream())
                .mapToLong(x -> x instanceof Histogram h ? h.getBuckets().size() + 2 : 1).sum();
        assertEquals(lines, samples, "the parser read every sample line of\n" + text);
        return families;
    }

    private static MetricFamily family(Map<String, MetricFamily> m, String name, MetricType type) {
        MetricFamily f = m.get(name);
        assertNotNull(f, name + " in " + m.keySet());
        assertEquals(type, f.getType(), name);
        assertFalse(f.getHelp().isBlank(), name);
        return f;
    }

    private static Metric metric(Map<String, MetricFamily> m, String name, MetricType type, Map<String, String> labels) {
        List<Metric> found = family(m, name, type).getMetrics().stream().filter(x -> x.getLabels().equals(labels)).toList();
        assertEquals(1, found.size(), name + labels);
        return found.getFirst();
    }

    private static double gauge(Map<String, MetricFamily> m, String name, Map<String, String> labels) {
        return ((Gauge) metric(m, name, MetricType.GAUGE, labels)).getValue();
    }

    private static double counter(Map<String, MetricFamily> m, String name, Map<String, String> labels) {
        return ((Counter) metric(m, name, MetricType.COUNTER, labels)).getValue();
    }

    private static Histogram histogram(Map<String, MetricFamily> m, String name, Map<String, String> labels) {
        return (Histogram) metric(m, name, MetricType.HISTOGRAM, labels);
    }
}
