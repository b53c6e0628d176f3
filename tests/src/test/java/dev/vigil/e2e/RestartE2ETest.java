package dev.vigil.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * vigil itself restarts (kill -9, {@code vigil shutdown --keep-services}) and the next vigil takes
 * over the services it left running: same pids, never restarted, readiness re-checked live.
 */
class RestartE2ETest {

    private static final int SERVICES = 50;
    private static final int ROUNDS = 10;
    private static final int TASKS = 20;

    @TempDir
    Path dir;

    private final String tag = UUID.randomUUID().toString();

    private String env() {
        return "env = { E2E_TAG = \"" + tag + "\" }\n";
    }

    @AfterEach
    void killLeftovers() throws IOException {
        // Services outlive a killed vigil by design: whatever a test left behind goes here.
        for (long pid : Procs.withEnv("E2E_TAG", tag)) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    /** Pids by service, read from the API. */
    private static Map<String, Long> pids(Vigil v) throws IOException {
        Map<String, Long> pids = new HashMap<>();
        for (JsonNode s : Vigil.JSON.readTree(v.client.send("GET", "/v1/services", null).body())) {
            pids.put(s.get("name").asText(), s.get("pid").isNull() ? null : s.get("pid").asLong());
        }
        return pids;
    }

    private static boolean allReady(Vigil v) throws IOException {
        for (JsonNode s : Vigil.JSON.readTree(v.client.send("GET", "/v1/services", null).body())) {
            if (!s.get("state").asText().equals("READY")) return false;
        }
        return true;
    }

    /** What the store holds, read with a connection of the test's own (as an operator's sqlite3 would). */
    private long stored(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(".vigil/vigil.db"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Waits until the write-behind has put {@code n} READY services on disk: a kill -9 before that
     * loses the last few milliseconds of writes (an sd_notify READY=1 among them), which is the one
     * documented gap.
     */
    private void awaitStored(int n) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() ->
                stored("SELECT count(*) FROM services WHERE state = 'READY' AND (ready = 1 OR service NOT LIKE 'notify%')") == n
                        && stored("SELECT count(*) FROM children") == n);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * The reliability run: 50 services READY and 20 tasks in flight, kill -9 of vigil, a new
     * vigil: the same pids, no restart, every task re-attached with its run counter unmoved; round
     * after round. The tasks then end (each with its own exit code) and no result is lost.
     */
    @Test
    void killMinus9_fiftyReadyServicesAndTwentyTasks_areAdoptedWithTheSamePids_roundAfterRound() throws Exception {
        Vigil v = new Vigil(dir);
        v.vigilToml("""
                # Blocks until the test writes an exit code into the fifo.
                [tasks.gate]
                command = ["sh", "-c", "read x < \\"$1\\"; exit $x", "gate", "{fifo}"]
                timeout = "10m"
                """);
        for (int i = 0; i < SERVICES; i++) {
            switch (i % 3) {
                case 0 -> v.service("marker" + i, "command = [\"sh\", \"-c\", \"touch \\\"$VIGIL_READY_FILE\\\"; exec sleep 100000\"]\n"
                        + env() + "[readiness]\nmarker = true\n");
                case 1 -> v.service("notify" + i, "command = [\"sh\", \"-c\", \"systemd-notify --ready; exec sleep 100000\"]\n"
                        + env() + "[readiness]\nnotify = true\n");
                default -> v.service("plain" + i, "command = [\"sleep\", \"100000\"]\n" + env());
            }
        }
        int port = freePort();
        v.service("tcp", """
                command = ["python3", "-m", "http.server", "%d", "--bind", "127.0.0.1"]
                sockets = ["tcp://127.0.0.1:%d"]
                %s
                [readiness]
                sockets = true
                """.formatted(port, port, env()));
        int total = SERVICES + 1;
        try (Vigil running = v.start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> allReady(v));
            Map<String, Long> first = pids(v);
            assertEquals(total, first.size());
            Map<String, Path> fifos = new java.util.TreeMap<>();
            Map<String, Long> taskPids = new HashMap<>();
            for (int i = 0; i < TASKS; i++) {
                Path fifo = dir.resolve("fifo-" + i);
                assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
                JsonNode t = v.putTask("t" + i, "{\"template\":\"gate\",\"params\":{\"fifo\":\"" + fifo + "\"}}");
                assertEquals("RUNNING", t.get("state").asText());
                fifos.put("t" + i, fifo);
                taskPids.put("t" + i, t.get("pid").asLong());
            }
            for (int round = 1; round <= ROUNDS; round++) {
                awaitStored(total);
                v.kill9();
                assertEquals(Set.copyOf(first.values()), Procs.withEnv("E2E_TAG", tag), "round " + round + ": every service outlived vigil");
                v.start(); // returns at /readyz: boot adoption is done
                assertEquals(first, pids(v), "round " + round + ": same pids right after boot adoption");
                for (String id : fifos.keySet()) {
                    JsonNode t = v.task(id);
                    assertEquals("RUNNING", t.get("state").asText(), "round " + round + ": " + t);
                    assertEquals(1, t.get("run").asInt(), "round " + round + ": " + t);
                    assertEquals(taskPids.get(id), t.get("pid").asLong(), "round " + round + ": re-attached, not re-run: " + t);
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> allReady(v));
                assertEquals(first, pids(v), "round " + round + ": same pids once READY");
                for (JsonNode s : Vigil.JSON.readTree(v.client.send("GET", "/v1/services", null).body())) {
                    assertEquals(0, s.get("restarts").asInt(), s.toString());
                }
                assertEquals(200, v.client.send("GET", "/livez", null).status());
            }
            assertEquals(Set.copyOf(first.values()), Procs.withEnv("E2E_TAG", tag), "nothing restarted, nothing duplicated");
            int i = 0;
            for (Path fifo : fifos.values()) Files.writeString(fifo, (i++ % 3) + "\n");
            await().atMost(Duration.ofSeconds(30)).until(() -> fifos.keySet().stream().noneMatch(id -> v.taskState(id).equals("RUNNING")));
            i = 0;
            for (String id : fifos.keySet()) {
                JsonNode t = v.task(id);
                int code = i++ % 3;
                assertEquals(code, t.get("exit_code").asInt(), "the result of " + id + " (read from its wrapper by a later vigil): " + t);
                assertEquals(code == 0 ? "COMPLETED" : "FAILED", t.get("state").asText(), t.toString());
                assertEquals(1, t.get("run").asInt(), t.toString());
            }
        }
    }

    @Test
    void childKilledWhileVigilIsDown_isCrashedWithUnknownExit_thenRestartedByPolicy() throws Exception {
        try (Vigil v = new Vigil(dir).service("web", """
                command = ["sleep", "100000"]
                %s
                [backoff]
                initial = "2s"
                jitter = 0.0
                """.formatted(env())).start()) {
            await().until(() -> v.state("web").equals("READY"));
            long pid = v.service("web").get("pid").asLong();
            awaitStored(1);
            v.kill9();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            await().until(() -> !Procs.alive(pid));

            v.start();
            JsonNode crashed = v.service("web"); // right after boot adoption: well inside the 2 s backoff
            assertEquals("CRASHED", crashed.get("state").asText(), crashed.toString());
            assertEquals("exited while the supervisor was down (pid " + pid + ", exit status unknown)", crashed.get("reason").asText());
            assertEquals(-1, crashed.at("/last_exit/code").asInt());
            assertEquals("exit status unknown", crashed.at("/last_exit/text").asText());
            assertEquals(1, crashed.get("restarts").asInt());
            await().until(() -> v.state("web").equals("READY"));
            JsonNode ready = v.service("web");
            assertNotEquals(pid, ready.get("pid").asLong());
            assertEquals(1, ready.get("restarts").asInt());
            assertEquals(-1, ready.at("/last_exit/code").asInt());
            assertTrue(v.daemonOutput().contains("exited while the supervisor was down (pid " + pid + ", exit status unknown)"));
            assertEquals(1, stored("SELECT count(*) FROM events WHERE to_state = 'CRASHED' AND cause LIKE 'exited while the supervisor was down%'"),
                    "journalled");
        }
    }

    @Test
    void restartCountersAndBackoff_surviveAKillMinus9() throws Exception {
        try (Vigil v = new Vigil(dir).service("flaky", """
                command = ["sleep", "100000"]
                restart = "always"
                %s
                [backoff]
                initial = "3s"
                factor = 1.0
                jitter = 0.0
                """.formatted(env())).start()) {
            for (int crash = 1; crash <= 2; crash++) {
                await().until(() -> v.state("flaky").equals("READY"));
                long pid = v.service("flaky").get("pid").asLong();
                ProcessHandle.of(pid).orElseThrow().destroyForcibly();
                int n = crash;
                await().until(() -> v.state("flaky").equals("CRASHED") && v.service("flaky").get("restarts").asInt() == n);
            }
            String nextStart = v.service("flaky").get("next_start").asText();
            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10))
                    .until(() -> stored("SELECT count(*) FROM services WHERE state = 'CRASHED' AND restarts = 2 AND next_start IS NOT NULL") == 1);
            v.kill9();

            v.start();
            JsonNode s = v.service("flaky");
            assertEquals("CRASHED", s.get("state").asText(), s.toString());
            assertEquals(2, s.get("restarts").asInt());
            // The store keeps milliseconds.
            assertEquals(java.time.Instant.parse(nextStart).truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                    java.time.Instant.parse(s.get("next_start").asText()), "the backoff deadline of the dead vigil, not a fresh one");
            await().atMost(Duration.ofSeconds(10)).until(() -> v.state("flaky").equals("READY"));
            assertEquals(2, v.service("flaky").get("restarts").asInt());
        }
    }

    @Test
    void shutdownKeepServices_leavesThemRunning_andTheNextVigilAdoptsThem_plainShutdownStopsThem() throws Exception {
        Vigil v = new Vigil(dir).service("a", "command = [\"sleep\", \"100000\"]\n" + env())
                .service("b", "command = [\"sh\", \"-c\", \"systemd-notify --ready; exec sleep 100000\"]\n" + env() + "[readiness]\nnotify = true\n");
        try (Vigil running = v.start()) {
            await().until(() -> allReady(v));
            Map<String, Long> before = pids(v);

            Vigil.Run r = v.cli("shutdown", "--keep-services");
            assertEquals(0, r.exit(), r.out() + r.err());
            assertEquals("vigil exited; every service is left running\n", r.out());
            assertEquals(0, v.awaitExit());
            assertEquals(Set.copyOf(before.values()), Procs.withEnv("E2E_TAG", tag));

            v.start();
            assertEquals(before, pids(v));
            await().until(() -> allReady(v));
            assertEquals(before, pids(v));

            Vigil.Run stop = v.cli("shutdown");
            assertEquals(0, stop.exit(), stop.out() + stop.err());
            assertEquals(0, v.awaitExit());
            assertEquals(Set.of(), Procs.withEnv("E2E_TAG", tag), "a plain shutdown stops every service");
        }
    }

    @Test
    void corruptStore_isRefused_nothingStarted() throws Exception {
        Vigil v = new Vigil(dir).service("web", "command = [\"sleep\", \"100000\"]\n" + env());
        Files.createDirectories(dir.resolve(".vigil"));
        Files.write(dir.resolve(".vigil/vigil.db"), "this is not a database, it is a shopping list".repeat(200).getBytes());
        Vigil.Run r = Vigil.run(dir, "daemon", dir.toString());
        assertEquals(6, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("vigil: the store " + dir.resolve(".vigil/vigil.db") + " is corrupt"), r.err());
        assertTrue(r.err().contains("nothing was started"), r.err());
        assertEquals(Set.of(), Procs.withEnv("E2E_TAG", tag));
    }

    @Test
    void lockedStore_isRefused_andTheRunningServicesAreNotDuplicated() throws Exception {
        Vigil v = new Vigil(dir).service("web", "command = [\"sleep\", \"100000\"]\n" + env());
        long pid;
        try (Vigil running = v.start()) {
            await().until(() -> v.state("web").equals("READY"));
            pid = v.service("web").get("pid").asLong();
            assertEquals(0, v.cli("shutdown", "--keep-services").exit());
            v.awaitExit();
        }
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(".vigil/vigil.db"));
                Statement s = other.createStatement()) {
            s.execute("PRAGMA locking_mode = EXCLUSIVE");
            s.execute("BEGIN EXCLUSIVE");
            Vigil.Run r = Vigil.run(dir, "daemon", dir.toString());
            assertEquals(6, r.exit(), r.out() + r.err());
            assertTrue(r.err().contains("is locked by another process"), r.err());
            assertEquals(Set.of(pid), Procs.withEnv("E2E_TAG", tag), "no duplicate started");
            s.execute("ROLLBACK");
        }
    }

    @Test
    void specChangedWhileDown_isAdoptedAndMarked_restartApplies() throws Exception {
        Vigil v = new Vigil(dir).service("web", "command = [\"sleep\", \"100000\"]\n" + env());
        try (Vigil running = v.start()) {
            await().until(() -> v.state("web").equals("READY"));
            long pid = v.service("web").get("pid").asLong();
            assertFalse(v.service("web").get("spec_changed").asBoolean());
            awaitStored(1);
            v.kill9();
            // The new declaration adds a readiness source the old process never meets.
            v.service("web", """
                    command = ["sh", "-c", "touch \\"$VIGIL_READY_FILE\\"; exec sleep 200000"]
                    ready_timeout = "1s"
                    %s
                    [readiness]
                    marker = true
                    """.formatted(env()));

            v.start();
            JsonNode s = v.service("web");
            assertEquals(pid, s.get("pid").asLong(), "never restarted silently");
            assertTrue(s.get("spec_changed").asBoolean());
            assertTrue(v.daemonOutput().contains("re-attached after vigil restarted (pid " + pid
                    + ", watched with a pidfd; not restarted); its declaration changed while vigil was down: restart it to apply"), v.daemonOutput());
            assertTrue(v.cli("status").out().contains("declaration changed: restart to apply"));
            // Not READY by the new rules, yet its ready_timeout does not restart it either.
            await().during(Duration.ofMillis(2000)).atMost(Duration.ofSeconds(5))
                    .until(() -> v.service("web").get("pid").asLong() == pid && v.state("web").equals("STARTING"));

            Vigil.Run restart = v.cli("restart", "web");
            assertEquals(0, restart.exit(), restart.out() + restart.err());
            JsonNode after = v.service("web");
            assertEquals("READY", after.get("state").asText());
            assertFalse(after.get("spec_changed").asBoolean());
            assertNotEquals(pid, after.get("pid").asLong());
        }
    }

    @Test
    void secondDaemonOnTheSameRuntimeFolder_isRefused() throws Exception {
        try (Vigil v = new Vigil(dir).service("web", "command = [\"sleep\", \"100000\"]\n" + env()).start()) {
            await().until(() -> v.state("web").equals("READY"));
            Vigil.Run r = Vigil.run(dir, "daemon", dir.toString());
            assertEquals(2, r.exit(), r.err());
            assertTrue(r.err().contains("another vigil is already running"), r.err());
            assertEquals(1, Procs.withEnv("E2E_TAG", tag).size());
        }
    }

    @Test
    void childTheStoreHasNoRecordOf_isKilledBeforeTheServiceStarts_neverDuplicated() throws Exception {
        try (Vigil v = new Vigil(dir).service("web", "command = [\"sleep\", \"100000\"]\n" + env()).start()) {
            await().until(() -> v.state("web").equals("READY"));
            long pid = v.service("web").get("pid").asLong();
            awaitStored(1);
            v.kill9();
            // As if vigil had died within milliseconds of the spawn, before its write reached the disk.
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(".vigil/vigil.db")); Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM children");
            }
            v.start();
            await().until(() -> v.state("web").equals("READY"));
            long now = v.service("web").get("pid").asLong();
            assertNotEquals(pid, now);
            await().until(() -> !Procs.alive(pid));
            assertEquals(Set.of(now), Procs.withEnv("E2E_TAG", tag), "one web, not two");
            assertTrue(v.daemonOutput().contains("web: killed pid [" + pid + "], left running by a previous vigil without a record of it"),
                    v.daemonOutput());
        }
    }

    @Test
    void notifySocket_isBoundAgain_soAnAdoptedChildStillReachesVigil() throws Exception {
        Path fifo = dir.resolve("go");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        try (Vigil v = new Vigil(dir).service("web", """
                command = ["sh", "-c", "systemd-notify --ready --status=before; read x < \\"$FIFO\\"; systemd-notify --status=after-restart; exec sleep 100000"]
                env = { E2E_TAG = "%s", FIFO = "%s" }
                [readiness]
                notify = true
                """.formatted(tag, fifo)).start()) {
            await().until(() -> v.state("web").equals("READY"));
            long pid = v.service("web").get("pid").asLong();
            awaitStored(1);
            v.kill9();

            v.start();
            // READY again from the store: the child said READY=1 once, to the dead vigil.
            await().until(() -> v.state("web").equals("READY"));
            assertEquals(pid, v.service("web").get("pid").asLong());
            Files.writeString(fifo, "go\n");
            // Its next datagram goes to the same NOTIFY_SOCKET path, now read by the new vigil.
            await().until(() -> "after-restart".equals(v.service("web").get("status_text").asText(null)));
            assertEquals(pid, v.service("web").get("pid").asLong());
        }
    }
}
