package dev.vigil.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI and the control API as users and tools reach them. */
class CliE2ETest {

    @TempDir
    Path dir;

    @Test
    void badConfig_listsEveryProblemAsFileLineCol_exits2_andStartsNothing() throws Exception {
        Path fixture = Vigil.REPO.resolve("tests/fixtures/bad-config");
        Path runtime = dir.resolve("rt");
        Vigil.Run r = Vigil.run(dir, "daemon", fixture.toString(), "--runtime-dir", runtime.toString());
        assertEquals(2, r.exit(), r.err());
        List<String> lines = r.err().lines().filter(l -> l.matches(".+:\\d+:\\d+: .+")).toList();
        assertTrue(lines.size() >= 5, r.err());
        assertTrue(lines.stream().anyMatch(l -> l.contains("did you mean")), r.err());
        assertTrue(lines.stream().allMatch(l -> l.startsWith(fixture.toString())), r.err());
        assertTrue(r.err().contains("nothing was started"), r.err());
        assertFalse(Files.exists(runtime), "no runtime folder, no socket, no process");
    }

    @Test
    void statusStartStopLogs_throughTheCli_andCurlOnTheSocket() throws Exception {
        try (Vigil v = new Vigil(dir).service("echo", "command = [\"sh\", \"-c\", \"echo hello from echo; exec sleep 100000\"]\n").start()) {
            await().until(() -> v.state("echo").equals("READY"));
            Vigil.Run status = v.cli("status");
            assertEquals(0, status.exit());
            assertTrue(status.out().startsWith("NAME "), status.out());
            assertTrue(status.out().lines().anyMatch(l -> l.startsWith("echo ") && l.contains("READY")), status.out());

            Vigil.Run json = v.cli("status", "echo", "-o", "json");
            JsonNode s = Vigil.JSON.readTree(json.out());
            assertEquals("READY", s.get("state").asText());

            Process curl = new ProcessBuilder("curl", "-s", "--unix-socket", v.socket.toString(), "http://localhost/v1/services")
                    .redirectErrorStream(true).start();
            JsonNode list = Vigil.JSON.readTree(curl.getInputStream());
            assertEquals(0, curl.waitFor());
            assertEquals("echo", list.get(0).get("name").asText());

            await().until(() -> v.cli("logs", "echo", "-n", "5").out().equals("hello from echo\n"));

            Vigil.Run stop = v.cli("stop", "echo");
            assertEquals("echo: OFFLINE\n", stop.out());
            Vigil.Run start = v.cli("start", "echo");
            assertEquals(0, start.exit());
            assertTrue(start.out().matches("echo: READY \\(pid \\d+\\)\n"), start.out());
            Vigil.Run restart = v.cli("restart", "echo", "--no-wait");
            assertEquals(0, restart.exit());
        }
    }

    @Test
    void unknownService_exits3_andNoDaemon_exits4() throws Exception {
        try (Vigil v = new Vigil(dir).service("x", "command = [\"sleep\", \"100000\"]\n").start()) {
            Vigil.Run r = v.cli("start", "nope");
            assertEquals(3, r.exit());
            assertEquals("vigil: no service named \"nope\"\n", r.err());
        }
        Vigil.Run none = Vigil.run(dir, "status", "--socket", dir.resolve("nobody.sock").toString());
        assertEquals(4, none.exit());
        assertTrue(none.err().startsWith("vigil: no vigil answers on "), none.err());
    }

    @Test
    void tooLongASocketPath_isOneClearError() throws Exception {
        Path deep = dir.resolve("r".repeat(100));
        Files.createDirectories(dir.resolve("cfg/services"));
        Files.writeString(dir.resolve("cfg/services/x.toml"), "command = [\"sleep\", \"100000\"]\n");
        Vigil.Run r = Vigil.run(dir, "daemon", dir.resolve("cfg").toString(), "--runtime-dir", deep.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("vigil: control socket path is too long ("), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void sharedGoodFixture_runs() throws Exception {
        Path cfg = dir.resolve("good");
        copy(Vigil.REPO.resolve("tests/fixtures/good-config"), cfg);
        try (Vigil v = new Vigil(cfg).start()) {
            await().until(() -> v.state("setup").equals("COMPLETED") && v.state("pair").equals("READY") && v.state("sleeper").equals("READY"));
            assertEquals(2, v.service("pair").get("children").size());
        }
    }

    @Test
    void launcher_printsItsVersion() throws Exception {
        Vigil.Run r = Vigil.run(dir, "--version");
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("vigil "), r.out());
    }

    private static void copy(Path from, Path to) throws Exception {
        try (var files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
    }
}
