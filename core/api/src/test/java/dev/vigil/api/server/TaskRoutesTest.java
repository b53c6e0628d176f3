package dev.vigil.api.server;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.api.client.ControlClient;
import dev.vigil.api.client.SseReader;
import dev.vigil.api.json.Json;
import dev.vigil.engine.clock.SystemScheduler;
import dev.vigil.engine.event.EventBus;
import dev.vigil.engine.model.BackoffPolicy;
import dev.vigil.engine.model.ChildSpec;
import dev.vigil.engine.model.RestartPolicy;
import dev.vigil.engine.model.ServiceSpec;
import dev.vigil.engine.model.TaskTemplate;
import dev.vigil.engine.os.SystemProcesses;
import dev.vigil.engine.store.Database;
import dev.vigil.engine.supervise.Processes;
import dev.vigil.engine.supervise.Supervisor;
import dev.vigil.engine.supervise.SupervisorSettings;
import dev.vigil.engine.task.ProviderActions;
import dev.vigil.engine.task.Tasks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /v1/tasks} and task events on {@code /v1/events}, on a real socket over real processes. */
class TaskRoutesTest {

    @TempDir
    Path dir;

    private final ObjectMapper json = Json.mapper();
    private final SystemProcesses procs = new SystemProcesses();
    private final SystemScheduler scheduler = new SystemScheduler();
    private final ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor();
    private final String prefix = "api-task-test-" + System.nanoTime() + "/";
    private Database db;
    private Tasks tasks;
    private ControlServer server;
    private ControlClient client;

    @BeforeEach
    void start() throws Exception {
        Supervisor sup = new Supervisor(new SupervisorSettings(dir, "api-test"), procs, scheduler, exec, new EventBus(), new Random(), null);
        sup.load(List.of(new ServiceSpec("web", List.of(new ChildSpec(ChildSpec.MAIN, List.of("true"), dir, Map.of())), RestartPolicy.NEVER, true,
                false, Duration.ofSeconds(5), Duration.ofSeconds(60), List.of(), BackoffPolicy.DEFAULT, dir.resolve("web.toml"))));
        db = Database.open(dir.resolve("vigil.db"));
        tasks = new Tasks(db, procs, scheduler, dir.resolve("tasks"), prefix, ProviderActions.NONE);
        TaskTemplate.Command echo = new TaskTemplate.Command(List.of("sh", "-c", "echo \"$1\"; exit $2", "echo", "{text}", "{code}"), dir, Map.of());
        tasks.declare(List.of(TaskTemplate.command("echo", Optional.empty(), Duration.ofSeconds(30), echo, dir.resolve("vigil.toml")),
                TaskTemplate.command("web-echo", Optional.of("web"), Duration.ofSeconds(30), echo, dir.resolve("vigil.toml"))));
        server = new ControlServer(sup, tasks, dir.resolve("control.sock"), Host.of(() -> true), null);
        server.start();
        client = new ControlClient(dir.resolve("control.sock"));
    }

    @AfterEach
    void stop() throws Exception {
        procs.signal(List.of(), prefix, Processes.SIGKILL);
        server.close();
        tasks.close();
        db.close();
        exec.close();
        procs.close();
        scheduler.close();
    }

    private ControlClient.Response put(String id, String body) throws Exception {
        return client.send("PUT", "/v1/tasks/" + id, body);
    }

    @Test
    void put_newIs201_existingIs200_waitGivesTheOutcome() throws Exception {
        ControlClient.Response first = put("greet:1?wait=true", "{\"template\":\"echo\",\"params\":{\"text\":\"hi there\",\"code\":\"0\"}}");
        assertEquals(201, first.status(), first.body());
        JsonNode t = json.readTree(first.body());
        assertEquals("greet:1", t.get("id").asText());
        assertEquals("COMPLETED", t.get("state").asText());
        assertEquals(1, t.get("run").asInt());
        assertEquals(0, t.get("exit_code").asInt());
        assertEquals("hi there", t.get("output").get(0).asText());
        for (String field : List.of("template", "params", "exit_signal", "error", "submitted_at", "started_at", "finished_at", "pid")) {
            assertTrue(t.has(field), field);
        }
        ControlClient.Response again = put("greet:1", "{\"template\":\"echo\",\"params\":{\"text\":\"hi there\",\"code\":\"0\"}}");
        assertEquals(200, again.status());
        assertEquals(t, json.readTree(again.body()));
        assertEquals(t, json.readTree(client.send("GET", "/v1/tasks/greet:1", null).body()));
        JsonNode list = json.readTree(client.send("GET", "/v1/tasks", null).body());
        assertEquals(1, list.size());
    }

    @Test
    void failedThenResubmitted_runsAgainAsRun2() throws Exception {
        String body = "{\"template\":\"echo\",\"params\":{\"text\":\"x\",\"code\":\"4\"},\"wait\":true}";
        JsonNode failed = json.readTree(put("f", body).body());
        assertEquals("FAILED", failed.get("state").asText());
        assertEquals("exit 4", failed.get("error").asText());
        ControlClient.Response second = put("f", body);
        assertEquals(201, second.status());
        assertEquals(2, json.readTree(second.body()).get("run").asInt());
    }

    @Test
    void badSubmits_are400_conflicts409_unknown404() throws Exception {
        assertError(put("a", "not json"), 400, "body is not valid JSON");
        assertError(put("a", "{\"params\":{}}"), 400, "template: required");
        assertError(put("a", "{\"template\":\"nope\"}"), 400, "no task template named \"nope\" (known: echo, web-echo)");
        assertError(put("a", "{\"template\":\"echo\",\"params\":{\"text\":\"x\"}}"), 400, "template \"echo\" needs param code");
        assertError(put("a", "{\"template\":\"echo\",\"params\":{\"text\":[1]}}"), 400, "params.text: expected a string");
        assertError(put("a", "{\"template\":\"echo\",\"extra\":1}"), 400, "unknown field \"extra\"");
        assertEquals(201, put("c?wait=1", "{\"template\":\"echo\",\"params\":{\"text\":\"x\",\"code\":\"0\"}}").status());
        assertError(put("c", "{\"template\":\"echo\",\"params\":{\"text\":\"y\",\"code\":\"0\"}}"), 409,
                "task \"c\" exists with other params: text is \"y\", not \"x\"");
        assertError(client.send("GET", "/v1/tasks/nope", null), 404, "no task with id \"nope\"");
        assertError(client.send("DELETE", "/v1/tasks/c", null), 405, "use GET or PUT");
    }

    private void assertError(ControlClient.Response r, int status, String message) throws Exception {
        assertEquals(status, r.status(), r.body());
        String m = json.readTree(r.body()).get("error").get("message").asText();
        assertTrue(m.startsWith(message), m);
    }

    @Test
    void events_carryTaskTransitions_afterTheSnapshot() throws Exception {
        try (ControlClient.Stream s = client.open("GET", "/v1/events", null)) {
            SseReader sse = new SseReader(s.body());
            assertEquals("snapshot", sse.next().event());
            put("ev", "{\"template\":\"echo\",\"params\":{\"text\":\"x\",\"code\":\"0\"}}");
            List<String> seen = new ArrayList<>();
            while (seen.size() < 2) {
                SseReader.Sse e = sse.next();
                assertEquals("task", e.event());
                JsonNode d = json.readTree(e.data());
                seen.add(d.get("from").asText("null") + ">" + d.get("task").get("state").asText());
            }
            assertEquals(List.of("null>RUNNING", "RUNNING>COMPLETED"), seen);
        }
    }

    @Test
    void eventsOfOneService_carryOnlyTheTasksOfItsTemplates() throws Exception {
        try (ControlClient.Stream s = client.open("GET", "/v1/events?service=web", null)) {
            SseReader sse = new SseReader(s.body());
            assertEquals("snapshot", sse.next().event());
            put("other?wait=true", "{\"template\":\"echo\",\"params\":{\"text\":\"x\",\"code\":\"0\"}}");
            put("mine", "{\"template\":\"web-echo\",\"params\":{\"text\":\"x\",\"code\":\"0\"}}");
            SseReader.Sse e = sse.next();
            while (!e.event().equals("task")) e = sse.next(); // the service's own transitions may come first
            assertEquals("mine", json.readTree(e.data()).get("task").get("id").asText());
        }
    }
}
