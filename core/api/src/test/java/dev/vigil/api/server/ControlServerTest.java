package dev.vigil.api.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.api.client.ControlClient;
import dev.vigil.api.client.SseReader;
import dev.vigil.api.json.Json;
import dev.vigil.engine.event.EventBus;
import dev.vigil.engine.model.BackoffPolicy;
import dev.vigil.engine.model.ChildSpec;
import dev.vigil.engine.model.RestartPolicy;
import dev.vigil.engine.model.ServiceSpec;
import dev.vigil.engine.os.SystemProcesses;
import dev.vigil.engine.supervise.Supervisor;
import dev.vigil.engine.supervise.SupervisorSettings;
import dev.vigil.engine.clock.SystemScheduler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control API on a real socket, over real processes. */
class ControlServerTest {

    @TempDir
    Path dir;

    private final ObjectMapper json = Json.mapper();
    private final SystemProcesses procs = new SystemProcesses();
    private final SystemScheduler scheduler = new SystemScheduler();
    private final ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor();
    private Supervisor sup;
    private ControlServer server;
    private ControlClient client;

    @BeforeEach
    void start() throws Exception {
        BackoffPolicy slow = new BackoffPolicy(Duration.ofMinutes(1), 2, Duration.ofMinutes(5), 0, Duration.ofMinutes(10), 5, Duration.ofMinutes(10));
        ServiceSpec web = new ServiceSpec("web", List.of(new ChildSpec(ChildSpec.MAIN,
                List.of("sh", "-c", "echo one; echo two; echo three; exec sleep 100000"), dir, Map.of())),
                RestartPolicy.ON_FAILURE, false, true, Duration.ofSeconds(5), Duration.ofSeconds(60), List.of(), slow, dir.resolve("web.toml"));
        sup = new Supervisor(new SupervisorSettings(dir, "api-test-" + System.nanoTime()), procs, scheduler, exec, new EventBus(), new Random(), null);
        sup.load(List.of(web));
        server = new ControlServer(sup, dir.resolve("control.sock"), () -> true);
        server.start();
        client = new ControlClient(dir.resolve("control.sock"));
        await().until(() -> sup.status("web").orElseThrow().state().isReady());
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
    void js_withoutAnEvaluator_is501() throws Exception {
        ControlClient.Response r = client.send("POST", "/v1/js", "{\"expr\": \"1\"}");
        assertEquals(501, r.status());
        assertEquals("js_unavailable", json.readTree(r.body()).path("error").path("code").asText());
    }

    @Test
    void js_evaluatesWithTheServiceList_errorsAre400() throws Exception {
        java.util.concurrent.atomic.AtomicReference<String> seen = new java.util.concurrent.atomic.AtomicReference<>();
        Evaluator fake = (expr, services) -> {
            seen.set(services);
            return expr.equals("bad") ? new Evaluator.Result.Error("expr:1: ReferenceError: bad is not defined")
                    : new Evaluator.Result.Value("[\"web\"]");
        };
        try (ControlServer js = new ControlServer(sup, null, dir.resolve("js.sock"), Host.of(() -> true), fake)) {
            js.start();
            ControlClient c = new ControlClient(dir.resolve("js.sock"));
            ControlClient.Response ok = c.send("POST", "/v1/js", "{\"expr\": \"services().map(s => s.name)\"}");
            assertEquals(200, ok.status());
            assertEquals("[\"web\"]", json.readTree(ok.body()).get("result").toString());
            assertEquals(json.readTree(client.send("GET", "/v1/services", null).body()).get(0).get("name"),
                    json.readTree(seen.get()).get(0).get("name"));
            ControlClient.Response bad = c.send("POST", "/v1/js", "{\"expr\": \"bad\"}");
            assertEquals(400, bad.status());
            assertEquals("js_error", json.readTree(bad.body()).path("error").path("code").asText());
            assertEquals("expr:1: ReferenceError: bad is not defined", json.readTree(bad.body()).path("error").path("message").asText());
            assertEquals(400, c.send("POST", "/v1/js", "{\"exp\": \"1\"}").status());
            assertEquals(405, c.send("GET", "/v1/js", null).status());
        }
    }

    @Test
    void socket_isOwnerOnly() throws IOException {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("control.sock"))));
    }

    @Test
    void services_listsTheContractFields() throws Exception {
        ControlClient.Response r = client.send("GET", "/v1/services", null);
        assertEquals(200, r.status());
        JsonNode web = json.readTree(r.body()).get(0);
        for (String f : List.of("name", "state", "pid", "children", "since", "restarts", "last_exit", "reason", "next_start")) {
            assertTrue(web.has(f), "field " + f + " in " + web);
        }
        assertEquals("READY", web.get("state").asText());
        assertEquals(sup.status("web").orElseThrow().pid().longValue(), web.get("pid").asLong());
        assertEquals("main", web.get("children").get(0).get("name").asText());
        assertEquals("READY", web.get("children").get(0).get("state").asText());
        assertEquals(web.get("pid").asLong(), web.get("children").get(0).get("pid").asLong());
    }

    @Test
    void unknownService_is404WithAJsonError() throws Exception {
        ControlClient.Response r = client.send("GET", "/v1/services/nope", null);
        assertEquals(404, r.status());
        assertEquals("not_found", json.readTree(r.body()).at("/error/code").asText());
        assertEquals(404, client.send("POST", "/v1/services/nope/start", null).status());
    }

    @Test
    void malformedBody_is400AndChangesNothing() throws Exception {
        long pid = sup.status("web").orElseThrow().pid();
        ControlClient.Response r = client.send("POST", "/v1/services/web/stop", "{not json");
        assertEquals(400, r.status());
        assertTrue(json.readTree(r.body()).at("/error/message").asText().startsWith("body is not valid JSON"), r.body());
        assertEquals(400, client.send("POST", "/v1/services/web/stop", "[1]").status());
        assertEquals(400, client.send("POST", "/v1/services/web/stop", "{\"wait\": \"soon\"}").status());
        assertEquals(400, client.send("POST", "/v1/services/web/stop?timeout=soon", null).status());
        assertEquals(405, client.send("DELETE", "/v1/services/web", null).status());
        assertEquals(pid, sup.status("web").orElseThrow().pid());
        assertEquals("READY", sup.status("web").orElseThrow().state().name());
    }

    @Test
    void stopAndStart_waitForTheOutcome() throws Exception {
        ControlClient.Response stop = client.send("POST", "/v1/services/web/stop", null);
        assertEquals(200, stop.status());
        assertEquals("OFFLINE", json.readTree(stop.body()).get("state").asText());
        ControlClient.Response start = client.send("POST", "/v1/services/web/start", "{\"timeout\": \"10s\"}");
        assertEquals("READY", json.readTree(start.body()).get("state").asText());
        ControlClient.Response noWait = client.send("POST", "/v1/services/web/restart?wait=false", null);
        assertEquals(202, noWait.status());
    }

    @Test
    void events_snapshotThenTheCrashOfAKilledService() throws Exception {
        long pid = sup.status("web").orElseThrow().pid();
        try (ControlClient.Stream s = client.open("GET", "/v1/events", null)) {
            assertEquals("text/event-stream", s.headers().get("content-type"));
            SseReader sse = new SseReader(s.body());
            SseReader.Sse snap = sse.next();
            assertEquals("snapshot", snap.event());
            assertEquals("READY", json.readTree(snap.data()).at("/services/0/state").asText());
            new ProcessBuilder("kill", "-9", String.valueOf(pid)).start().waitFor();
            SseReader.Sse crash = sse.next();
            assertEquals("transition", crash.event());
            JsonNode e = json.readTree(crash.data());
            assertEquals("web", e.get("service").asText());
            assertEquals("READY", e.get("from").asText());
            assertEquals("CRASHED", e.get("to").asText());
            assertEquals("killed by signal KILL", e.get("cause").asText());
            assertEquals(pid, e.get("pid").asLong());
            assertEquals(9, e.at("/exit/signal").asInt());
            assertTrue(e.get("seq").asLong() > json.readTree(snap.data()).get("seq").asLong());
        }
    }

    @Test
    void logs_lastLinesThenFollow() throws Exception {
        await().until(() -> Files.exists(dir.resolve("logs/web.log")) && Files.readString(dir.resolve("logs/web.log")).contains("three"));
        assertEquals("two\nthree\n", client.send("GET", "/v1/services/web/logs?n=2", null).body());
        try (ControlClient.Stream s = client.open("GET", "/v1/services/web/logs?n=1&follow=true", null)) {
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(s.body()));
            assertEquals("three", in.readLine());
            Files.writeString(dir.resolve("logs/web.log"), "four\n", java.nio.file.StandardOpenOption.APPEND);
            assertEquals("four", in.readLine());
        }
    }

    @Test
    void livezAndReadyz() throws Exception {
        assertEquals(200, client.send("GET", "/livez", null).status());
        assertEquals(200, client.send("GET", "/readyz", null).status());
    }

    @Test
    void tooLongASocketPath_isOneClearError() {
        Path longPath = dir.resolve("x".repeat(120)).resolve("control.sock");
        IOException e = assertThrows(IOException.class, () -> ControlServer.checkPath(longPath));
        assertTrue(e.getMessage().startsWith("control socket path is too long ("), e.getMessage());
    }

    @Test
    void secondServerOnALiveSocket_isRefused() {
        IOException e = assertThrows(IOException.class, () -> ControlServer.checkPath(dir.resolve("control.sock")));
        assertTrue(e.getMessage().startsWith("another vigil is already running"), e.getMessage());
    }
}
