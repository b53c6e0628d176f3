package dev.vigil.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tasks through the built {@code ./vigil}: the CLI, curl on the socket, and kill -9 of vigil itself. */
class TasksE2ETest {

    private static final String TEMPLATES = """
            [services.setup]
            command = "true"
            oneshot = true

            [tasks.echo]
            command = ["sh", "-c", "echo \\"hello $1\\"; exit $2", "echo", "{name}", "{code}"]
            timeout = "30s"

            # Blocks until the test writes an exit code into the fifo.
            [tasks.gate]
            command = ["sh", "-c", "read x < \\"$1\\"; echo \\"got $x\\"; exit $x", "gate", "{fifo}"]
            timeout = "5m"
            """;

    @TempDir
    Path dir;

    @Test
    void submitThroughCliAndCurl_waitShowList_failedThenResubmittedRunsAgain() throws Exception {
        try (Vigil v = new Vigil(dir).vigilToml(TEMPLATES).start()) {
            Vigil.Run ok = v.cli("task", "submit", "greet:1", "echo", "name=world", "code=0", "--wait");
            assertEquals(0, ok.exit(), ok.err());
            assertTrue(ok.out().matches("greet:1: COMPLETED \\(run 1, exit 0, \\d+ms\\)\n"), ok.out());
            Vigil.Run again = v.cli("task", "submit", "greet:1", "echo", "name=world", "code=0");
            assertEquals(0, again.exit());
            assertEquals(ok.out(), again.out(), "completed: returned as it is, not run again");

            Process curl = new ProcessBuilder("curl", "-s", "-w", "\\n%{http_code}", "--unix-socket", v.socket.toString(), "-X", "PUT",
                    "-d", "{\"template\":\"echo\",\"params\":{\"name\":\"curl\",\"code\":\"0\"}}", "http://localhost/v1/tasks/from-curl?wait=true")
                    .redirectErrorStream(true).start();
            String[] answer = new String(curl.getInputStream().readAllBytes()).split("\n");
            assertEquals(0, curl.waitFor());
            assertEquals("201", answer[1]);
            JsonNode t = Vigil.JSON.readTree(answer[0]);
            assertEquals("COMPLETED", t.get("state").asText());
            assertEquals("hello curl", t.get("output").get(0).asText());

            Vigil.Run failed = v.cli("task", "submit", "f", "echo", "name=x", "code=3", "--wait");
            assertEquals(1, failed.exit());
            assertTrue(failed.out().startsWith("f: FAILED (run 1, exit 3, "), failed.out());
            Vigil.Run rerun = v.cli("task", "submit", "f", "echo", "name=x", "code=3", "--wait");
            assertEquals(1, rerun.exit());
            assertTrue(rerun.out().startsWith("f: FAILED (run 2, exit 3, "), rerun.out());

            Vigil.Run conflict = v.cli("task", "submit", "f", "echo", "name=y", "code=3");
            assertEquals(1, conflict.exit());
            assertEquals("vigil: task \"f\" exists with other params: name is \"y\", not \"x\"\n", conflict.err());
            Vigil.Run missing = v.cli("task", "submit", "g", "echo", "name=y");
            assertEquals(2, missing.exit());
            assertEquals("vigil: template \"echo\" needs param code (give them as NAME=VALUE)\n", missing.err());

            Vigil.Run show = v.cli("task", "show", "f");
            assertEquals(0, show.exit());
            assertTrue(show.out().contains("run:        2\n") && show.out().contains("error:      exit 3\n") && show.out().endsWith("hello x\n"), show.out());
            Vigil.Run list = v.cli("task", "list");
            assertTrue(list.out().startsWith("ID "), list.out());
            assertEquals(4, list.out().lines().count(), list.out());
            assertEquals(3, v.cli("task", "show", "nope").exit());
        }
    }

    /**
     * 20 tasks in flight, then kill -9 of vigil: while it is down five runs are killed, five end on
     * their own, five go on (and five had ended before). The next vigil re-attaches the live ones,
     * takes the results of the ended ones from their wrapper's file, re-runs the killed ones: every
     * result arrives, with its real exit code, and no run counter moves. Several rounds.
     */
    @Test
    void killNineWithTwentyTasksInFlight_losesNoResult_andMovesNoRunCounter() throws Exception {
        int rounds = 10;
        try (Vigil v = new Vigil(dir).vigilToml(TEMPLATES).start()) {
            for (int round = 0; round < rounds; round++) {
                List<String> ids = new ArrayList<>();
                Map<String, Path> fifos = new HashMap<>();
                for (int i = 0; i < 20; i++) {
                    String id = "r" + round + ":t" + i;
                    Path fifo = dir.resolve("fifo-" + round + "-" + i);
                    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
                    JsonNode t = put(v, id, "{\"template\":\"gate\",\"params\":{\"fifo\":\"" + fifo + "\"}}");
                    assertEquals("RUNNING", t.get("state").asText());
                    ids.add(id);
                    fifos.put(id, fifo);
                }
                for (int i = 0; i < 5; i++) Files.writeString(fifos.get(ids.get(i)), code(i) + "\n");
                await().until(() -> ids.subList(0, 5).stream().allMatch(id -> !state(v, id).equals("RUNNING")));
                Map<String, Long> pids = new HashMap<>();
                for (String id : ids) pids.put(id, task(v, id).get("pid").asLong());

                v.kill9();
                for (int i = 5; i < 10; i++) {
                    assertEquals(0, new ProcessBuilder("kill", "-KILL", "--", "-" + pids.get(ids.get(i))).start().waitFor());
                }
                for (int i = 10; i < 15; i++) Files.writeString(fifos.get(ids.get(i)), code(i) + "\n");
                await().until(() -> ids.subList(5, 15).stream().noneMatch(id -> Procs.alive(pids.get(id))));

                v.start();
                assertTrue(v.daemonOutput().contains("tasks: 5 re-attached, 5 finished while vigil was down, 5 re-run"), v.daemonOutput());
                for (int i = 15; i < 20; i++) assertEquals(pids.get(ids.get(i)), task(v, ids.get(i)).get("pid").asLong(), "re-attached");
                for (int i = 5; i < 10; i++) assertNotEquals(pids.get(ids.get(i)), task(v, ids.get(i)).get("pid").asLong(), "re-run");
                for (int i = 5; i < 10; i++) Files.writeString(fifos.get(ids.get(i)), code(i) + "\n");
                for (int i = 15; i < 20; i++) Files.writeString(fifos.get(ids.get(i)), code(i) + "\n");
                await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream().noneMatch(id -> state(v, id).equals("RUNNING")));

                for (int i = 0; i < 20; i++) {
                    JsonNode t = task(v, ids.get(i));
                    assertEquals(1, t.get("run").asInt(), ids.get(i));
                    assertEquals(code(i), t.get("exit_code").asInt(), ids.get(i) + ": " + t);
                    assertEquals(code(i) == 0 ? "COMPLETED" : "FAILED", t.get("state").asText(), ids.get(i));
                    assertEquals("got " + code(i), t.get("output").get(0).asText(), ids.get(i));
                }
            }
        }
    }

    @Test
    void llamaRouterLoadModelTask_loadsThroughTheProvider_andAFailedLoadRunsAgainWithRunPlusOne() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String emulator = Vigil.REPO.resolve("examples/emulators/bin/emulator").toString();
        Files.createDirectories(dir);
        try (Vigil v = new Vigil(dir).vigilToml("""
                [services.llm]
                command = ["%s", "llama-server", "--flavor", "router", "--port", "%d", "--router-models", "qwen3-8b,broken", "--load-delay", "300ms"]
                sockets = ["tcp://127.0.0.1:%d"]
                [services.llm.provider]
                kind = "llama-server"
                interval = "200ms"

                [tasks.load-model]
                service = "llm"
                action = "load"
                params = ["model"]
                timeout = "30s"
                """.formatted(emulator, port, port)).start()) {
            await().until(() -> !v.state("llm").equals("STARTING"));
            Vigil.Run load = v.cli("task", "submit", "load:qwen3-8b", "load-model", "model=qwen3-8b", "--wait");
            assertEquals(0, load.exit(), load.out() + load.err());
            assertTrue(load.out().startsWith("load:qwen3-8b: COMPLETED (run 1, "), load.out());
            assertEquals("model qwen3-8b loaded", task(v, "load:qwen3-8b").get("output").get(0).asText());
            await().until(() -> v.service("llm").get("status_text").asText().contains("qwen3-8b (loaded)"));

            Vigil.Run missing = v.cli("task", "submit", "load:nope", "load-model", "model=nope", "--wait");
            assertEquals(1, missing.exit());
            assertEquals("the router has no model \"nope\"", task(v, "load:nope").get("error").asText());
            assertTrue(v.cli("task", "submit", "load:nope", "load-model", "model=nope", "--wait").out().startsWith("load:nope: FAILED (run 2, "));
        }
    }

    private static int code(int i) {
        return i % 3;
    }

    private static JsonNode put(Vigil v, String id, String body) throws Exception {
        return v.putTask(id, body);
    }

    private static JsonNode task(Vigil v, String id) throws Exception {
        return v.task(id);
    }

    private static String state(Vigil v, String id) {
        return v.taskState(id);
    }
}
