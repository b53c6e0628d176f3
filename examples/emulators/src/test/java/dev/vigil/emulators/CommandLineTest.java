package dev.vigil.emulators;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Flags, usage errors, and the emulators as real processes (exit codes, signals, SIGTERM). */
class CommandLineTest {
    private final List<Process> processes = new ArrayList<>();

    @TempDir
    Path workDir;

    @AfterEach
    void kill() {
        processes.forEach(Process::destroyForcibly);
    }

    static void usageError(String contains, String... args) {
        Flags.UsageException e = assertThrows(Flags.UsageException.class, () -> Main.create(List.of(args), true));
        assertTrue(e.getMessage().contains(contains), e.getMessage());
    }

    @Test
    void usageErrors() {
        usageError("unknown flag --bogus", "kokoro", "--port", "0", "--bogus");
        usageError("--port is required", "kokoro");
        usageError("not a duration", "kokoro", "--port", "0", "--load-delay", "soon");
        usageError("out of range", "kokoro", "--port", "70000");
        usageError("not an integer", "kokoro", "--port", "x");
        usageError("unknown kind", "whisper", "--port", "0");
        usageError("is not one of", "llama-server", "--port", "0", "--flavor", "ollama");
        usageError("exclude each other", "kokoro", "--port", "0", "--crash-rc", "1", "--crash-signal", "KILL");
        usageError("unknown signal", "kokoro", "--port", "0", "--crash-signal", "NOPE");
        usageError("unknown mode", "kokoro", "--port", "0", "--hang-mode", "sleepy");
        usageError("needs a value", "kokoro", "--port");
        usageError("unexpected argument", "kokoro", "--port", "0", "extra");
        usageError("not in --router-models", "llama-server", "--flavor", "router", "--port", "0", "--crash-model", "zz");
    }

    @Test
    void flagSpellings() {
        Flags f = Moonshine.flags().parse(List.of("--port=0", "--model_arch", "tiny", "--fail-load", "--no-model", "--load-delay", "1.5"));
        assertEquals("tiny", f.str("--model-arch", null));
        assertEquals("", f.str("--fail-load", null), "--fail-load without RC");
        assertTrue(f.has("--no-model"));
        assertEquals(Duration.ofMillis(1500), f.duration("--load-delay", null));
        assertEquals(Duration.ofMillis(500), Flags.parseDuration("x", "500ms"));
        assertEquals(Duration.ofSeconds(3), Flags.parseDuration("x", "3s"));
        assertEquals(Duration.ofMinutes(2), Flags.parseDuration("x", "2m"));
        assertEquals(9, Signals.parse("SIGKILL"));
        assertEquals(11, Signals.parse("segv"));
        assertEquals(6, Signals.parse("6"));
        assertEquals("1.5s", Flags.show(Duration.ofMillis(1500)));
        Flags g = LlamaServer.flags().parse(List.of("-m", "a.gguf", "-np", "2", "--fail-load", "4"));
        assertEquals(4, g.integer("--fail-load", 1));
        assertEquals(2, g.integer("--parallel", 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama-server", "kokoro", "moonshine"})
    void helpListsTheFlags(String kind) {
        String help = Main.flags(kind).help("Usage");
        for (String flag : List.of("--port", "--host", "--bind-delay", "--load-delay", "--no-model", "--fail-load", "--crash-after",
                "--crash-rc", "--crash-signal", "--hang-after", "--hang-mode", "--flavor", "--log-ready")) {
            assertTrue(help.contains(flag), kind + " help lacks " + flag);
        }
    }

    // ---- real processes

    record Proc(Process p, List<String> out, List<String> err) {}

    Proc run(String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classes = new File(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
                "-cp", classes, "dev.vigil.emulators.Main"));
        cmd.addAll(List.of(args));
        // a crash by signal may leave a core file: keep it out of the source tree
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).start();
        processes.add(p);
        List<String> out = new CopyOnWriteArrayList<>();
        List<String> err = new CopyOnWriteArrayList<>();
        pump(p.getInputStream(), out);
        pump(p.getErrorStream(), err);
        return new Proc(p, out, err);
    }

    private static void pump(InputStream in, List<String> into) {
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) into.add(l);
            } catch (Exception ignored) {
                // the process ended
            }
        });
    }

    static int exit(Proc p) throws Exception {
        assertTrue(p.p().waitFor(30, TimeUnit.SECONDS), "the process did not exit");
        return p.p().exitValue();
    }

    @Test
    void badFlagExits2WithAMessage() throws Exception {
        Proc p = run("kokoro", "--port", "0", "--bogus");
        assertEquals(2, exit(p));
        await().until(() -> p.err().stream().anyMatch(l -> l.contains("unknown flag --bogus")));
        assertEquals(2, exit(run()));
        assertEquals(2, exit(run("nope", "--port", "0")));
    }

    @Test
    void helpExits0() throws Exception {
        Proc p = run("llama-server", "--help");
        assertEquals(0, exit(p));
        await().until(() -> p.out().stream().anyMatch(l -> l.contains("--router-models")));
    }

    @Test
    void sigtermExits0Promptly() throws Exception {
        Proc p = run("llama-server", "--port", "0", "--hang-mode", "accept-silent");
        await().until(() -> p.out().stream().anyMatch(l -> l.contains("hanging: accept-silent")));
        p.p().destroy(); // SIGTERM
        assertTrue(p.p().waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, p.p().exitValue());
    }

    @Test
    void failLoadExits1AndSaysWhy() throws Exception {
        Proc p = run("llama-server", "--port", "0", "--fail-load");
        assertEquals(1, exit(p));
        await().until(() -> p.err().contains("main: exiting due to model loading error"));
        assertTrue(p.out().stream().anyMatch(l -> l.contains("state loading")), "stdout logs the state changes: " + p.out());
    }

    @Test
    void crashesForReal() throws Exception {
        assertEquals(137, exit(run("kokoro", "--port", "0", "--crash-after", "0")), "SIGKILL");
        assertEquals(139, exit(run("kokoro", "--port", "0", "--crash-after", "0", "--crash-signal", "SEGV")), "a real SIGSEGV");
        assertEquals(134, exit(run("moonshine", "--port", "0", "--crash-after", "0", "--crash-rc", "134")));
        assertEquals(3, exit(run("kokoro", "--port", "0", "--fail-load")));
    }

    @Test
    void bindsOnlyAfterTheBindDelay() throws Exception {
        int port = EmulatorTestBase.freePort();
        Proc p = run("moonshine", "--flavor", "speaches", "--port", "" + port, "--bind-delay", "1500ms");
        await().until(() -> p.out().stream().anyMatch(l -> l.contains("bind-delay")));
        assertTrue(EmulatorTestBase.refused(port));
        await().until(() -> !EmulatorTestBase.refused(port));
        assertTrue(p.p().isAlive());
    }
}
