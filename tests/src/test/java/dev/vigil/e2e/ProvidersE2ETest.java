package dev.vigil.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.api.client.ControlClient;
import dev.vigil.api.client.SseReader;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Provider plugins against the emulators, under the built ./vigil. */
class ProvidersE2ETest {

    static final String EMULATOR = Vigil.REPO.resolve("examples/emulators/bin/emulator").toString();

    @TempDir
    Path dir;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static List<String> statesUntil(SseReader sse, String service, String until) throws Exception {
        List<String> seen = new ArrayList<>();
        for (SseReader.Sse e = sse.next(); e != null; e = sse.next()) {
            if (!e.event().equals("transition")) continue;
            JsonNode n = Vigil.JSON.readTree(e.data());
            if (!n.get("service").asText().equals(service)) continue;
            seen.add(n.get("to").asText());
            if (n.get("to").asText().equals(until)) return seen;
        }
        throw new AssertionError("stream ended; saw " + seen);
    }

    @Test
    void llamaServer_startingWarmingReady_withItsModel() throws Exception {
        int port = freePort();
        try (Vigil v = new Vigil(dir).service("llm", """
                autostart = false
                command = ["%s", "llama-server", "--port", "%d", "--bind-delay", "300ms", "--load-delay", "1500ms", "--alias", "qwen3-8b"]
                sockets = ["tcp://127.0.0.1:%d"]
                [provider]
                kind = "llama-server"
                interval = "100ms"
                """.formatted(EMULATOR, port, port)).start()) {
            try (ControlClient.Stream s = v.client.open("GET", "/v1/events?service=llm", null)) {
                SseReader sse = new SseReader(s.body());
                sse.next();
                Vigil.Run start = v.cli("start", "llm");
                assertEquals(0, start.exit(), start.out() + start.err());
                assertEquals(List.of("STARTING", "WARMING", "READY"), statesUntil(sse, "llm", "READY"));
            }
            JsonNode llm = v.service("llm");
            assertEquals("provider llama-server", llm.get("readiness").asText());
            assertTrue(llm.get("status_text").asText().contains("qwen3-8b"), llm.toString());
        }
    }

    @Test
    void llamaServer_failingItsModelLoad_isCrashedWithTheProvidersWords() throws Exception {
        int port = freePort();
        try (Vigil v = new Vigil(dir).service("bad", """
                restart = "never"
                command = ["%s", "llama-server", "--port", "%d", "--load-delay", "500ms", "--fail-load"]
                sockets = ["tcp://127.0.0.1:%d"]
                [provider]
                kind = "llama-server"
                interval = "100ms"
                """.formatted(EMULATOR, port, port)).start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> v.state("bad").equals("FAILED"));
            String reason = v.service("bad").get("reason").asText();
            assertTrue(reason.startsWith("model load failed"), reason);
            assertTrue(reason.endsWith("(exited with status 1) (restart = never)"), reason);
            assertEquals(1, v.service("bad").at("/last_exit/code").asInt());
        }
    }

    @Test
    void serverWithNoModel_isIdle_notReadyNotDead() throws Exception {
        int port = freePort();
        try (Vigil v = new Vigil(dir).service("spare", """
                command = ["%s", "moonshine", "--flavor", "speaches", "--port", "%d", "--no-model"]
                sockets = ["tcp://127.0.0.1:%d"]
                [provider]
                kind = "moonshine"
                flavor = "speaches"
                idle_after = "500ms"
                interval = "100ms"
                """.formatted(EMULATOR, port, port)).start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> v.state("spare").equals("IDLE"));
            assertTrue(Procs.alive(v.service("spare").get("pid").asLong()));
        }
    }

    @Test
    void kokoro_refusedWhileLoadingBeforeBind_thenReady_andAKillIsACrash() throws Exception {
        int port = freePort();
        try (Vigil v = new Vigil(dir).service("tts", """
                command = ["%s", "kokoro", "--port", "%d", "--load-delay", "800ms"]
                sockets = ["tcp://127.0.0.1:%d"]
                [provider]
                kind = "kokoro"
                interval = "100ms"
                [backoff]
                initial = "1m"
                """.formatted(EMULATOR, port, port)).start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> v.state("tts").equals("READY"));
            long pid = v.service("tts").get("pid").asLong();
            new ProcessBuilder("kill", "-9", String.valueOf(pid)).start().waitFor();
            await().until(() -> v.state("tts").equals("CRASHED"));
            assertEquals("killed by signal KILL", v.service("tts").get("reason").asText());
        }
    }

    @Test
    void aServerAlreadyRunning_isAdoptedNotStartedTwice_andItsDeathIsPushed() throws Exception {
        int port = freePort();
        Process outside = new ProcessBuilder(EMULATOR, "llama-server", "--port", String.valueOf(port), "--alias", "qwen3-8b")
                .redirectErrorStream(true).redirectOutput(dir.resolve("outside.log").toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                    return true;
                } catch (java.io.IOException notYet) {
                    return false;
                }
            });
            try (Vigil v = new Vigil(dir).service("llm", """
                    command = ["%s", "llama-server", "--port", "%d", "--alias", "qwen3-8b"]
                    sockets = ["tcp://127.0.0.1:%d"]
                    restart = "always"
                    [provider]
                    kind = "llama-server"
                    interval = "100ms"
                    [backoff]
                    initial = "0s"
                    """.formatted(EMULATOR, port, port)).start()) {
                await().atMost(Duration.ofSeconds(20)).until(() -> v.state("llm").equals("READY"));
                JsonNode llm = v.service("llm");
                assertEquals(outside.pid(), llm.get("pid").asLong(), llm.toString());
                assertTrue(llm.get("reason").asText().startsWith("adopted: "), llm.toString());
                try (ControlClient.Stream s = v.client.open("GET", "/v1/events?service=llm", null)) {
                    SseReader sse = new SseReader(s.body());
                    sse.next();
                    outside.destroyForcibly();
                    List<String> seen = statesUntil(sse, "llm", "READY");
                    assertEquals("CRASHED", seen.getFirst());
                }
                JsonNode own = v.service("llm");
                assertNotEquals(outside.pid(), own.get("pid").asLong());
                assertTrue(own.get("last_exit").get("text").asText().contains("unknown"), own.toString());
            }
        } finally {
            outside.destroyForcibly();
        }
    }

    @Test
    void aServerThatStopsAnswering_isUnhealthyThenCrashedAfterItsStrikes() throws Exception {
        int port = freePort();
        try (Vigil v = new Vigil(dir).service("llm", """
                restart = "never"
                command = ["%s", "llama-server", "--port", "%d", "--hang-after", "1s", "--hang-mode", "health-503"]
                sockets = ["tcp://127.0.0.1:%d"]
                [provider]
                kind = "llama-server"
                interval = "100ms"
                strikes = 2
                """.formatted(EMULATOR, port, port)).start()) {
            try (ControlClient.Stream s = v.client.open("GET", "/v1/events?service=llm", null)) {
                SseReader sse = new SseReader(s.body());
                sse.next();
                List<String> seen = statesUntil(sse, "llm", "FAILED");
                assertEquals(List.of("READY", "UNHEALTHY", "CRASHED", "FAILED"), seen.subList(seen.indexOf("READY"), seen.size()));
            }
            String reason = v.service("llm").get("reason").asText();
            assertTrue(reason.startsWith("liveness failed: provider llama-server: "), reason);
        }
    }

    @Test
    void unknownProviderKind_isAConfigErrorAndNothingStarts() throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("services"));
        java.nio.file.Files.writeString(dir.resolve("services/x.toml"), """
                command = ["sleep", "100000"]
                [provider]
                kind = "lama-server"
                """);
        Vigil.Run r = Vigil.run(dir, "daemon", dir.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("provider.kind: no provider \"lama-server\" (known: kokoro, llama-server, moonshine)"), r.err());
        assertTrue(r.err().contains("nothing was started"), r.err());
    }
}
