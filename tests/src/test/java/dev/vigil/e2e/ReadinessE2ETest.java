package dev.vigil.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.api.client.ControlClient;
import dev.vigil.api.client.SseReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readiness that services push or probes prove, with real inotify, real systemd-notify, real sockets. */
class ReadinessE2ETest {

    @TempDir
    Path dir;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static List<String> transitions(SseReader sse, String service, String until) throws Exception {
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
    void marker_creationIsReady_removalIsUnhealthy_recreationIsReadyAgain() throws Exception {
        Path go = dir.resolve("go");
        try (Vigil v = new Vigil(dir).service("m", """
                command = ["sh", "-c", "while [ ! -e %s ]; do sleep 0.05; done; touch \\"$VIGIL_READY_FILE\\"; exec sleep 100000"]
                [readiness]
                marker = true
                """.formatted(go)).start()) {
            await().until(() -> v.state("m").equals("STARTING"));
            assertEquals("marker", v.service("m").get("readiness").asText());
            Path marker = dir.resolve(".vigil/ready/m/.ready");
            try (ControlClient.Stream s = v.client.open("GET", "/v1/events?service=m", null)) {
                SseReader sse = new SseReader(s.body());
                sse.next();
                Files.writeString(go, "");
                assertEquals(List.of("READY"), transitions(sse, "m", "READY"));
                Files.delete(marker);
                assertEquals(List.of("UNHEALTHY"), transitions(sse, "m", "UNHEALTHY"));
                Files.writeString(marker, "");
                assertEquals(List.of("READY"), transitions(sse, "m", "READY"));
            }
        }
    }

    @Test
    void readyTimeout_namesWhatIsMissing_andCountsAsACrash() throws Exception {
        try (Vigil v = new Vigil(dir).service("never", """
                restart = "never"
                ready_timeout = "1s"
                [children.api]
                command = ["sh", "-c", "touch \\"$VIGIL_READY_FILE\\"; exec sleep 100000"]
                [children.ui]
                command = ["sleep", "100000"]
                [readiness]
                marker = true
                """).start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> v.state("never").equals("FAILED"));
            String reason = v.service("never").get("reason").asText();
            assertTrue(reason.startsWith("ready_timeout 1s: waiting for marker of child ui"), reason);
            assertFalse(reason.contains("child api"), reason);
        }
    }

    @Test
    void systemdNotify_statusWarms_readyIsReady_andStartWaitsForIt() throws Exception {
        Path go = dir.resolve("go");
        try (Vigil v = new Vigil(dir).service("n", """
                autostart = false
                command = ["sh", "-c", "systemd-notify --status='loading model'; while [ ! -e %s ]; do sleep 0.05; done; systemd-notify --ready --status='serving'; exec sleep 100000"]
                [readiness]
                notify = true
                """.formatted(go)).start()) {
            Thread starter = Thread.ofPlatform().start(() -> {
                try {
                    await().until(() -> v.state("n").equals("WARMING"));
                    Files.writeString(go, "");
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            Vigil.Run start = v.cli("start", "n");
            starter.join();
            assertEquals(0, start.exit(), start.out() + start.err());
            assertTrue(start.out().startsWith("n: READY (pid "), start.out());
            assertTrue(start.err().contains("STARTING -> WARMING  waiting for READY=1 (loading model)"), start.err());
            JsonNode n = v.service("n");
            assertEquals("serving", n.get("status_text").asText());
            assertEquals("notify", n.get("readiness").asText());
        }
    }

    @Test
    void httpServer_withDeclaredSocketAndHttpProbe_acceptsTheMomentStartReturns() throws Exception {
        int port = freePort();
        try (Vigil v = new Vigil(dir).service("web", """
                autostart = false
                command = ["python3", "-m", "http.server", "%d", "--bind", "127.0.0.1"]
                sockets = ["tcp://127.0.0.1:%d"]
                [readiness]
                sockets = true
                [[probes]]
                role = "readiness"
                http = "http://127.0.0.1:%d/"
                interval = "200ms"
                """.formatted(port, port, port)).start()) {
            Vigil.Run start = v.cli("start", "web");
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            }
            assertEquals(0, start.exit(), start.out() + start.err());
            assertTrue(start.out().startsWith("web: READY"), start.out());
        }
    }

    @Test
    void declaredPortInUse_isAClearErrorNamingThePortAndItsOwner() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            try (Vigil v = new Vigil(dir).service("clash", """
                    restart = "never"
                    command = ["sleep", "100000"]
                    sockets = ["tcp://127.0.0.1:%d"]
                    """.formatted(port)).start()) {
                await().until(() -> v.state("clash").equals("FAILED"));
                String reason = v.service("clash").get("reason").asText();
                assertTrue(reason.startsWith("port " + port + " (tcp://127.0.0.1:" + port + ") is already in use by pid "
                        + ProcessHandle.current().pid() + " (java)"), reason);
            }
        }
    }

    @Test
    void failingLivenessProbe_killsAndCountsAsACrash() throws Exception {
        Path sick = dir.resolve("sick");
        try (Vigil v = new Vigil(dir).service("live", """
                command = ["sleep", "100000"]
                restart = "never"
                [[probes]]
                role = "liveness"
                exec = ["sh", "-c", "[ ! -e %s ]"]
                interval = "100ms"
                failure_threshold = 2
                """.formatted(sick)).start()) {
            await().until(() -> v.state("live").equals("READY"));
            long pid = v.service("live").get("pid").asLong();
            Files.writeString(sick, "");
            await().until(() -> v.state("live").equals("FAILED"));
            String reason = v.service("live").get("reason").asText();
            assertTrue(reason.startsWith("liveness failed: exec sh -c"), reason);
            assertFalse(Procs.alive(pid));
        }
    }

    @Test
    void redis_supervisedBySystemd_isReadyThroughNotify_andAnswersPongWhenStartReturns() throws Exception {
        int port = freePort();
        try (Vigil v = new Vigil(dir).service("redis", """
                autostart = false
                command = ["redis-server", "--port", "%d", "--bind", "127.0.0.1", "--supervised", "systemd", "--save", "", "--appendonly", "no"]
                [readiness]
                notify = true
                """.formatted(port)).start()) {
            Vigil.Run start = v.cli("start", "redis");
            Process ping = new ProcessBuilder("redis-cli", "-p", String.valueOf(port), "ping").redirectErrorStream(true).start();
            String pong = new String(ping.getInputStream().readAllBytes()).trim();
            assertEquals(0, ping.waitFor());
            assertEquals(0, start.exit(), start.out() + start.err());
            assertEquals("PONG", pong);
            assertTrue(start.out().startsWith("redis: READY"), start.out());
        }
    }
}
