package dev.vigil.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.api.client.ControlClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell as a person uses it: the real REPL on a pseudo-terminal (tmux: keys in, screen out),
 * and the same shell fed by a pipe. Every tmux session runs on a server of its own (-S, its socket
 * in the test's folder), killed after each test.
 */
class ShellE2ETest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String SLEEPER = "command = [\"sleep\", \"100000\"]\n";
    private static final Pattern PROMPT = Pattern.compile("vigil \\d+/\\d+ ready> ?$");

    @TempDir
    Path dir;

    private final List<Pane> panes = new ArrayList<>();
    private final List<Long> daemons = new ArrayList<>();

    @AfterEach
    void killSessions() throws Exception {
        for (Pane pane : panes) pane.kill();
        // A vigil left in the background (up --detach) by a failed test says its pid in its log.
        Path log = dir.resolve(".vigil/daemon.log");
        if (Files.exists(log)) {
            var m = Pattern.compile("vigil (\\d+) up: ").matcher(Files.readString(log));
            while (m.find()) daemons.add(Long.parseLong(m.group(1)));
        }
        for (long pid : daemons) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
    }

    @Test
    void up_onATerminal_completesLiveNames_followsEvents_ctrlCBackToThePrompt_exitStopsEverything() throws Exception {
        service("web", SLEEPER).service("worker", SLEEPER).service("api", SLEEPER);
        Path socket = dir.resolve(".vigil/control.sock");
        ControlClient client = new ControlClient(socket);
        Pane tmux = open("up", dir.toString());
        tmux.await(s -> lastLine(s).equals("vigil 3/3 ready>"));

        tmux.keys("status we", "Tab");
        tmux.await(s -> s.contains("vigil 3/3 ready> status web"));
        tmux.keys("Enter");
        tmux.await(s -> Pattern.compile("(?m)^web\\s+READY\\s+\\d+").matcher(s).find() && lastLine(s).equals("vigil 3/3 ready>"));

        tmux.keys("clear", "Enter");
        tmux.await(s -> s.strip().equals("vigil 3/3 ready>"));
        tmux.keys("events", "Enter");
        tmux.await(s -> Pattern.compile("(?m)^worker\\s+READY").matcher(s).find());
        long webPid = pid(client, "web");
        new ProcessBuilder("kill", "-9", String.valueOf(webPid)).start().waitFor();
        String crashed = "web  READY -> CRASHED  killed by signal KILL  (pid " + webPid + ")";
        tmux.await(s -> s.contains(crashed));
        assertTrue(tmux.colors().contains("READY -> \u001b[31mCRASHED\u001b[39m  killed by signal KILL"),
                "CRASHED in red:\n" + tmux.colors());

        tmux.keys("C-c");
        tmux.await(s -> PROMPT.matcher(lastLine(s)).find() && s.indexOf(crashed) < s.lastIndexOf("vigil "));
        tmux.keys("status", "Enter");
        tmux.await(s -> s.contains("> status\nNAME ") && Pattern.compile("(?m)^web\\s+\\S+\\s+\\S+\\s+\\S+\\s+1\\s").matcher(s).find());

        List<Long> pids = new ArrayList<>();
        await().atMost(PATIENCE).until(() -> {
            pids.clear();
            for (String name : List.of("web", "worker", "api")) pids.add(pid(client, name));
            return pids.stream().allMatch(p -> p > 0);
        });
        tmux.keys("exit", "Enter");
        tmux.await(s -> lastLine(s).equals("stop every service and exit? [y/N]"));
        tmux.keys("y", "Enter");
        tmux.await(s -> s.contains("VIGIL-EXITED-0"));
        for (long pid : pids) assertFalse(Procs.alive(pid), "service process " + pid + " still runs");
        assertFalse(Files.exists(socket), "the control socket is gone");
    }

    @Test
    void up_exitAnsweredNo_staysInTheShell() throws Exception {
        service("web", SLEEPER);
        Pane tmux = open("up", dir.toString());
        tmux.await(s -> lastLine(s).equals("vigil 1/1 ready>"));
        tmux.keys("C-d");
        tmux.await(s -> lastLine(s).equals("stop every service and exit? [y/N]"));
        tmux.keys("n", "Enter");
        tmux.await(s -> lastLine(s).equals("vigil 1/1 ready>"));
        assertEquals(200, new ControlClient(dir.resolve(".vigil/control.sock")).send("GET", "/readyz", null).status());
        tmux.keys("exit --yes", "Enter");
        tmux.await(s -> s.contains("VIGIL-EXITED-0"));
    }

    @Test
    void shell_attachesToADaemon_andLeavingLeavesItRunning() throws Exception {
        try (Vigil v = new Vigil(dir).service("web", SLEEPER).service("api", SLEEPER).start()) {
            Pane tmux = open("shell", "--socket", v.socket.toString());
            tmux.await(s -> lastLine(s).equals("vigil 2/2 ready>"));
            tmux.keys("stop a", "Tab");
            tmux.await(s -> s.contains("> stop api"));
            tmux.keys("Enter");
            tmux.await(s -> s.contains("api: OFFLINE") && lastLine(s).equals("vigil 1/2 ready>"));
            tmux.keys("exit", "Enter");
            tmux.await(s -> s.contains("VIGIL-EXITED-0"));
            assertEquals("READY", v.state("web"));
            assertTrue(Files.readString(dir.resolve(".vigil/history")).contains("stop api"), "history is kept in the runtime folder");
        }
    }

    @Test
    void shell_withPipedStdin_runsEachLine_andExitsWithTheWorstCode() throws Exception {
        try (Vigil v = new Vigil(dir).service("web", SLEEPER).service("api", SLEEPER).start()) {
            await().until(() -> v.state("web").equals("READY") && v.state("api").equals("READY"));
            Vigil.Run r = sh("printf 'status\\nstop web\\n' | " + Vigil.LAUNCHER + " shell --socket " + v.socket);
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().startsWith("NAME "), r.out());
            assertTrue(Pattern.compile("(?m)^api\\s+READY").matcher(r.out()).find(), r.out());
            assertTrue(r.out().endsWith("web: OFFLINE\n"), r.out());
            assertFalse(r.out().contains("\u001b["), "no color into a pipe");
            assertEquals("OFFLINE", v.state("web"));

            Vigil.Run bad = sh("printf 'nope\\nstatus api -o json\\nstart ghost\\n' | " + Vigil.LAUNCHER + " shell --socket " + v.socket);
            assertEquals(3, bad.exit(), bad.err());
            assertEquals("READY", Vigil.JSON.readTree(bad.out()).get("state").asText());
            assertTrue(bad.err().contains("vigil: unknown command \"nope\""), bad.err());
            assertTrue(bad.err().contains("vigil: no service named \"ghost\""), bad.err());
        }
    }

    @Test
    void shell_js_keepsTheExpressionsOwnQuotes() throws Exception {
        try (Vigil v = new Vigil(dir).service("web", SLEEPER).start()) {
            await().until(() -> v.state("web").equals("READY"));
            Path script = dir.resolve("lines.txt");
            Files.writeString(script, "js services().filter(s => s.state == \"READY\").map(s => s.name + ' ok')\njs nope\n");
            Vigil.Run r = sh("cat " + script + " | " + Vigil.LAUNCHER + " shell --socket " + v.socket);
            assertEquals("[\"web ok\"]\n", r.out(), r.err());
            assertEquals(2, r.exit(), r.err());
            assertTrue(r.err().contains("vigil: expr:1: ReferenceError: nope is not defined"), r.err());
        }
    }

    @Test
    void up_withPipedStdin_printsEvents_runsTheLines_andRunsOnAfterTheirEnd() throws Exception {
        service("web", SLEEPER).service("api", SLEEPER);
        Path out = dir.resolve("up.out");
        Process up = Vigil.command("up", dir.toString()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        daemons.add(up.pid());
        up.getOutputStream().write("status\nstop web\n".getBytes(StandardCharsets.UTF_8));
        up.getOutputStream().close();
        await().atMost(PATIENCE).until(() -> Files.readString(out).contains("web: OFFLINE"));
        String text = Files.readString(out);
        assertTrue(text.contains("api  STARTING -> READY"), text);
        assertTrue(Pattern.compile("(?m)^NAME\\s+STATE").matcher(text).find(), text);
        assertTrue(up.isAlive(), "at the end of its input, up runs on");
        ControlClient client = new ControlClient(dir.resolve(".vigil/control.sock"));
        long api = pid(client, "api");
        up.destroy(); // SIGTERM, as before the shell
        assertTrue(up.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, up.exitValue());
        assertFalse(Procs.alive(api));
    }

    @Test
    void upDetach_runsVigilInTheBackground_andLeavingTheShellLeavesItRunning() throws Exception {
        service("web", SLEEPER);
        Pane tmux = open("up", "--detach", dir.toString());
        tmux.await(s -> lastLine(s).equals("vigil 1/1 ready>"));
        String first = tmux.screen();
        var m = Pattern.compile("vigil runs in the background: pid (\\d+)").matcher(first);
        assertTrue(m.find(), first);
        long pid = Long.parseLong(m.group(1));
        daemons.add(pid);
        tmux.keys("C-d");
        tmux.await(s -> s.contains("VIGIL-EXITED-0") && s.contains("vigil keeps running in the background (pid " + pid + ")"));
        tmux.kill(); // the terminal goes away: vigil does not
        ControlClient client = new ControlClient(dir.resolve(".vigil/control.sock"));
        assertEquals("READY", Vigil.JSON.readTree(client.send("GET", "/v1/services/web", null).body()).get("state").asText());
        long web = pid(client, "web");
        ProcessHandle.of(pid).orElseThrow().destroy();
        await().atMost(PATIENCE).until(() -> !Procs.alive(pid) && !Procs.alive(web));
    }

    // ---------------------------------------------------------------------------------------------

    private ShellE2ETest service(String name, String toml) throws IOException {
        Files.createDirectories(dir.resolve("services"));
        Files.writeString(dir.resolve("services/" + name + ".toml"), toml);
        return this;
    }

    /** Runs {@code ./vigil ARGS} in a new tmux server, 160×40, on a pseudo-terminal. */
    private Pane open(String... args) throws Exception {
        String name = "vigil-e2e-" + UUID.randomUUID().toString().substring(0, 8);
        Pane pane = new Pane(name, dir.resolve(name + ".tmux"));
        panes.add(pane);
        StringBuilder command = new StringBuilder("env -u NO_COLOR -u VIGIL_SOCKET VIGIL_SKIP_BUILD=1 ").append(Vigil.LAUNCHER);
        for (String a : args) command.append(' ').append(a);
        // The exit status stays on the screen, and the pane with it.
        command.append("; echo VIGIL-EXITED-$?; sleep 600");
        pane.tmux("new-session", "-d", "-s", name, "-x", "160", "-y", "40", "-c", dir.toString(), command.toString());
        return pane;
    }

    private static String lastLine(String screen) {
        List<String> lines = screen.lines().toList();
        return lines.isEmpty() ? "" : lines.getLast();
    }

    private interface ScreenCheck {
        boolean test(String screen) throws Exception;
    }

    /** One tmux server with one session, its socket in the test's folder (gone with it), no user config. */
    private record Pane(String name, Path socket) {

        void keys(String... keys) throws Exception {
            List<String> args = new ArrayList<>(List.of("send-keys", "-t", name));
            args.addAll(List.of(keys));
            tmux(args.toArray(String[]::new));
        }

        /** What the pane shows: wrapped lines joined, trailing blanks dropped. */
        String screen() throws Exception {
            return tidy(tmux("capture-pane", "-p", "-J", "-t", name));
        }

        /** The same with colors, as SGR sequences. */
        String colors() throws Exception {
            return tidy(tmux("capture-pane", "-p", "-e", "-J", "-t", name));
        }

        void await(ScreenCheck check) {
            try {
                Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> check.test(screen()));
            } catch (ConditionTimeoutException e) {
                String shown;
                try {
                    shown = screen();
                } catch (Exception gone) {
                    shown = "(no screen: " + gone + ")";
                }
                throw new AssertionError("the screen never showed what was expected; it shows:\n" + shown, e);
            }
        }

        void kill() throws Exception {
            tmux("kill-server");
        }

        private static String tidy(String shown) {
            return shown.lines().map(String::stripTrailing).collect(Collectors.joining("\n")).stripTrailing();
        }

        String tmux(String... args) throws Exception {
            List<String> argv = new ArrayList<>(List.of("tmux", "-S", socket.toString(), "-f", "/dev/null"));
            argv.addAll(List.of(args));
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
            return out;
        }
    }

    private static long pid(ControlClient client, String name) throws IOException {
        JsonNode s = Vigil.JSON.readTree(client.send("GET", "/v1/services/" + name, null).body());
        return s.path("pid").asLong(-1);
    }

    private Vigil.Run sh(String script) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", script).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("VIGIL_SKIP_BUILD", "1");
        pb.environment().remove("VIGIL_SOCKET");
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), script);
        return new Vigil.Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
