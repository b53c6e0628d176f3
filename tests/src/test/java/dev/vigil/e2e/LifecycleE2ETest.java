package dev.vigil.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.api.client.ControlClient;
import dev.vigil.api.client.SseReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built ./vigil with real processes: crashes, backoff, crash loops, stops, process trees. */
class LifecycleE2ETest {

    @TempDir
    Path dir;

    private final String tag = UUID.randomUUID().toString();

    private String env() {
        return "env = { E2E_TAG = \"" + tag + "\" }\n";
    }

    /** Reads transitions from an open event stream until one matches, returning all read. */
    private static List<JsonNode> until(SseReader sse, String service, String to) throws Exception {
        List<JsonNode> seen = new ArrayList<>();
        for (SseReader.Sse e = sse.next(); e != null; e = sse.next()) {
            if (!e.event().equals("transition")) continue;
            JsonNode n = Vigil.JSON.readTree(e.data());
            seen.add(n);
            if (n.get("service").asText().equals(service) && n.get("to").asText().equals(to)) return seen;
        }
        throw new AssertionError("stream ended before " + service + " -> " + to + "; saw " + seen);
    }

    @Test
    void killedService_isCrashedThroughBackoff_thenReadyAgainWithANewPid() throws Exception {
        try (Vigil v = new Vigil(dir).service("web", """
                command = ["sleep", "100000"]
                restart = "always"
                """ + env() + """
                [backoff]
                initial = "1s"
                jitter = 0.0
                """).start()) {
            await().until(() -> v.state("web").equals("READY"));
            long pid = v.service("web").get("pid").asLong();
            try (ControlClient.Stream s = v.client.open("GET", "/v1/events", null)) {
                SseReader sse = new SseReader(s.body());
                assertEquals("snapshot", sse.next().event());
                new ProcessBuilder("kill", "-9", String.valueOf(pid)).start().waitFor();
                JsonNode crash = until(sse, "web", "CRASHED").getLast();
                assertEquals(pid, crash.get("pid").asLong());
                assertEquals("killed by signal KILL", crash.get("cause").asText());
                JsonNode crashed = v.service("web");
                assertEquals("CRASHED", crashed.get("state").asText());
                assertEquals(1, crashed.get("restarts").asInt());
                assertEquals(9, crashed.at("/last_exit/signal").asInt());
                Instant next = Instant.parse(crashed.get("next_start").asText());
                Instant at = Instant.parse(crash.get("time").asText());
                assertEquals(1000, Duration.between(at, next).toMillis(), 50, "next start is the backoff's initial delay away");

                JsonNode ready = until(sse, "web", "READY").getLast();
                assertNotEquals(pid, ready.get("pid").asLong());
            }
            JsonNode after = v.service("web");
            assertEquals("READY", after.get("state").asText());
            assertNotEquals(pid, after.get("pid").asLong());
            assertTrue(Procs.alive(after.get("pid").asLong()));
            assertFalse(Procs.alive(pid));
        }
    }

    @Test
    void crashLoop_endsFailedAfterMaxRestarts_andStartResetsIt() throws Exception {
        try (Vigil v = new Vigil(dir).service("loop", """
                command = "sh -c 'echo trying; exit 7'"
                [backoff]
                initial = "0s"
                max_restarts = 3
                window = "1m"
                """).start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> v.state("loop").equals("FAILED"));
            JsonNode failed = v.service("loop");
            assertEquals(3, failed.get("restarts").asInt());
            assertEquals("crash loop: 3 restarts within 1m; last: exited with status 7", failed.get("reason").asText());
            assertEquals(7, failed.at("/last_exit/code").asInt());
            assertEquals(4, Files.readAllLines(dir.resolve(".vigil/logs/loop.log")).stream().filter("trying"::equals).count());

            // Without a readiness source, spawned is READY: start answers at once, then the loop resumes
            // from a clean slate (three more restarts before FAILED again).
            Vigil.Run start = v.cli("start", "loop");
            assertEquals(0, start.exit(), start.out() + start.err());
            assertTrue(start.out().startsWith("loop: "), start.out());
            await().atMost(Duration.ofSeconds(20)).until(() -> v.state("loop").equals("FAILED") && v.service("loop").get("restarts").asInt() == 6);
        }
    }

    @Test
    void stop_ofATreeWithADoubleForkedGrandchild_leavesNothing() throws Exception {
        Path pidFile = dir.resolve("grandchild.pid");
        try (Vigil v = new Vigil(dir).service("tree", """
                command = ["sh", "-c", "sh -c 'setsid sh -c \\"echo \\\\$\\\\$ > %s; trap \\\\\\"\\\\\\" TERM; exec sleep 100000\\" &' ; exec sleep 100000"]
                stop_timeout = "1s"
                """.formatted(pidFile) + env()).start()) {
            await().until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
            long grandchild = Long.parseLong(Files.readString(pidFile).trim());
            assertTrue(Procs.alive(grandchild));
            long main = v.service("tree").get("pid").asLong();
            assertNotEquals(main, grandchild);
            assertEquals(Set.of(main, grandchild), Procs.withEnv("E2E_TAG", tag), "the daemon left the tree and ignores SIGTERM");

            Vigil.Run stop = v.cli("stop", "tree");
            assertEquals(0, stop.exit(), stop.out() + stop.err());
            assertEquals("tree: OFFLINE\n", stop.out());
            assertEquals(Set.of(), Procs.withEnv("E2E_TAG", tag), "no process of the service is left");
            assertFalse(Procs.alive(grandchild));
        }
    }

    @Test
    void requestedStop_isNeverACrash_andIgnoringSigtermMeansSigkillAtStopTimeout() throws Exception {
        try (Vigil v = new Vigil(dir).service("stubborn", """
                command = ["sh", "-c", "trap '' TERM; while :; do sleep 1; done"]
                stop_timeout = "1500ms"
                """ + env()).start()) {
            await().until(() -> v.state("stubborn").equals("READY"));
            try (ControlClient.Stream s = v.client.open("GET", "/v1/events", null)) {
                SseReader sse = new SseReader(s.body());
                sse.next();
                Instant before = Instant.now();
                Vigil.Run stop = v.cli("stop", "stubborn");
                Duration took = Duration.between(before, Instant.now());
                assertEquals(0, stop.exit(), stop.err());
                assertTrue(took.toMillis() >= 1400, "SIGTERM was ignored, so the stop waited for stop_timeout: " + took);
                List<JsonNode> seen = until(sse, "stubborn", "OFFLINE");
                assertEquals(List.of("STOPPING", "OFFLINE"), seen.stream().map(n -> n.get("to").asText()).toList());
                assertEquals(0, v.service("stubborn").get("restarts").asInt());
                assertEquals(Set.of(), Procs.withEnv("E2E_TAG", tag));
            }
        }
    }

    @Test
    void missingCommand_isCrashedWithExecFailed_notAVigilError() throws Exception {
        try (Vigil v = new Vigil(dir).service("ghost", """
                command = ["/nonexistent/bin/ghostd", "--serve"]
                restart = "never"
                """).start()) {
            await().until(() -> v.state("ghost").equals("FAILED"));
            assertEquals("exec failed: /nonexistent/bin/ghostd: no such file (restart = never)", v.service("ghost").get("reason").asText());
            assertEquals(200, v.client.send("GET", "/livez", null).status());
        }
    }

    @Test
    void sigtermToVigil_stopsEveryServiceAndLeavesNoProcess() throws Exception {
        Vigil v = new Vigil(dir)
                .service("a", "command = [\"sleep\", \"100000\"]\n" + env())
                .service("b", "command = [\"sh\", \"-c\", \"trap '' TERM; sleep 100000 & wait\"]\nstop_timeout = \"1s\"\n" + env())
                .start();
        await().until(() -> v.state("a").equals("READY") && v.state("b").equals("READY"));
        await().until(() -> Procs.withEnv("E2E_TAG", tag).size() >= 3);
        assertEquals(0, v.terminate());
        assertEquals(Set.of(), Procs.withEnv("E2E_TAG", tag));
        assertFalse(Files.exists(v.socket), "the control socket is removed");
    }

    @Test
    void oneshot_completes_andMultiChildCrashNamesTheChild() throws Exception {
        try (Vigil v = new Vigil(dir)
                .service("setup", "command = \"sh -c 'echo done'\"\noneshot = true\n")
                .service("pair", env() + """
                        [children.left]
                        command = ["sleep", "100000"]
                        [children.right]
                        command = ["sleep", "100000"]
                        [backoff]
                        initial = "1m"
                        """)
                .start()) {
            await().until(() -> v.state("setup").equals("COMPLETED") && v.state("pair").equals("READY"));
            JsonNode pair = v.service("pair");
            long right = pair.at("/children/1/pid").asLong();
            long left = pair.at("/children/0/pid").asLong();
            assertEquals("right", pair.at("/children/1/name").asText());
            new ProcessBuilder("kill", "-9", String.valueOf(right)).start().waitFor();
            await().until(() -> v.state("pair").equals("CRASHED"));
            assertEquals("child right killed by signal KILL", v.service("pair").get("reason").asText());
            await().until(() -> !Procs.alive(left));
        }
    }
}
