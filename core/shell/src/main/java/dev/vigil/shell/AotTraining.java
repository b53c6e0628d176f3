package dev.vigil.shell;

import dev.vigil.api.client.ControlClient;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * The training runs of the CLI's JDK AOT caches. The launcher runs it with {@code
 * VIGIL_AOT_TRAIN=1} (the build does so at {@code package}):
 *
 * <pre>{@code
 * java ... AotTraining OUT_DIR JAVA FLAGS...
 * }</pre>
 *
 * <p>This driver starts a throwaway daemon (a separate process: its classes stay out of the caches)
 * on a temporary config folder with a service in each state a table shows, then runs two training
 * JVMs against it, each {@code JAVA FLAGS... -XX:AOTCacheOutput=...}, with output discarded:
 *
 * <ul>
 *   <li>{@code OUT_DIR/status.aot}: {@link FastStatus} only, in every form it answers. With AOT class
 *       linking every class in a cache is loaded at start-up, so {@code status} gets a cache of its
 *       own that holds nothing else.
 *   <li>{@code OUT_DIR/client.aot}: the other client commands through picocli ({@code status},
 *       {@code start}, {@code stop}, {@code restart}, {@code logs}, an unknown name, help, version).
 * </ul>
 *
 * <p>Exits 0 when both caches were written. Nothing here runs outside the build.
 */
public final class AotTraining {

    private AotTraining() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--status")) {
            trainStatus(args[1]);
        } else if (args.length == 2 && args[0].equals("--client")) {
            trainClient(args[1]);
        } else if (args.length >= 2) {
            System.exit(drive(Path.of(args[0]), Arrays.asList(args).subList(1, args.length)));
        } else {
            System.err.println("usage: AotTraining OUT_DIR JAVA [FLAGS...]");
            System.exit(2);
        }
    }

    /** Starts the daemon, runs both training JVMs, stops the daemon. Returns the exit code. */
    static int drive(Path out, List<String> java) throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "vigil-aot.");
        Process daemon = null;
        String cp = System.getProperty("java.class.path");
        int failed = 0;
        try {
            // What a table shows: READY, OFFLINE (then stopped, with a last exit), CRASHED with a restart
            // pending, COMPLETED, and a STATUS= text when systemd-notify is there to send one.
            Files.createDirectories(dir.resolve("services"));
            Files.writeString(dir.resolve("services/a.toml"), "command = [\"sleep\", \"100000\"]\n");
            Files.writeString(dir.resolve("services/b.toml"), "command = [\"sleep\", \"100000\"]\nautostart = false\n");
            Files.writeString(dir.resolve("services/c.toml"), "command = [\"sh\", \"-c\", \"exit 3\"]\nrestart = \"always\"\n[backoff]\ninitial = \"1h\"\n");
            Files.writeString(dir.resolve("services/d.toml"), "command = [\"sh\", \"-c\", \"exit 0\"]\noneshot = true\n");
            if (onPath("systemd-notify")) {
                Files.writeString(dir.resolve("services/e.toml"), "command = [\"sh\", \"-c\", \"systemd-notify --status=loading; exec sleep 100000\"]\n"
                        + "[readiness]\nnotify = true\n");
            }
            Path socket = dir.resolve(".vigil/control.sock");
            List<String> cmd = new ArrayList<>(java);
            cmd.addAll(List.of("-cp", cp, Main.class.getName(), "daemon", dir.toString()));
            daemon = start(cmd, dir, dir.resolve("daemon.log"));
            ControlClient client = new ControlClient(socket);
            awaitReady(client, daemon, dir);
            client.send("POST", "/v1/services/b/start?wait=true", null);
            client.send("POST", "/v1/services/b/stop?wait=true", null);
            long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(5); // c crashed and d completed
            while (System.nanoTime() < settle) {
                String body = client.send("GET", "/v1/services", null).body();
                if (body.contains("\"CRASHED\"") && body.contains("\"COMPLETED\"")) break;
                Thread.sleep(20);
            }
            for (String kind : List.of("status", "client")) {
                Path cache = out.resolve(kind + ".aot");
                Files.deleteIfExists(cache);
                List<String> train = new ArrayList<>(java);
                train.addAll(List.of("-XX:AOTCacheOutput=" + cache, "-cp", cp, AotTraining.class.getName(), "--" + kind, socket.toString()));
                Path log = out.resolve(kind + ".log");
                Process p = start(train, dir, log);
                boolean done = p.waitFor(5, TimeUnit.MINUTES);
                if (!done) p.destroyForcibly().waitFor();
                if (!done || p.exitValue() != 0 || !Files.isRegularFile(cache) || Files.size(cache) == 0) {
                    System.err.println("vigil: AOT training of " + kind + " failed (see " + log + ")");
                    Files.deleteIfExists(cache);
                    failed++;
                }
            }
        } finally {
            if (daemon != null) {
                daemon.destroy(); // SIGTERM: it stops its services, then exits
                if (!daemon.waitFor(30, TimeUnit.SECONDS)) daemon.destroyForcibly();
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temp folder left behind
            }
        }
        return failed == 0 ? 0 : 1;
    }

    private static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) return true;
        }
        return false;
    }

    private static Process start(List<String> cmd, Path dir, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.equals("JAVA_TOOL_OPTIONS") || k.equals("JDK_JAVA_OPTIONS") || k.equals("VIGIL_SOCKET"));
        return pb.start();
    }

    private static void awaitReady(ControlClient client, Process daemon, Path dir) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!daemon.isAlive()) throw new IOException("the daemon exited with " + daemon.exitValue() + ": " + Files.readString(dir.resolve("daemon.log")));
            try {
                if (client.send("GET", "/readyz", null).status() == 200) return;
            } catch (IOException notYet) {
                // no socket yet
            }
            Thread.sleep(20);
        }
        throw new IOException("the daemon did not answer /readyz within 60 s");
    }

    /** {@code vigil status} through {@link FastStatus}, every form it answers (and nothing else). */
    static void trainStatus(String socket) {
        PrintStream none = new PrintStream(OutputStream.nullOutputStream(), true);
        String noneSock = Path.of(socket).resolveSibling("none.sock").toString();
        for (int i = 0; i < 3; i++) {
            FastStatus.run(new String[] {"status", "--socket", socket}, none, none);
            FastStatus.run(new String[] {"status", "--socket=" + socket, "-o", "json"}, none, none);
            FastStatus.run(new String[] {"status", "a", "--socket", socket}, none, none);
            FastStatus.run(new String[] {"status", "nope", "--socket", socket}, none, none);
            FastStatus.run(new String[] {"status", "--socket", noneSock}, none, none);
            // and as a terminal shows it, in color
            try {
                String body = new ControlClient(Path.of(socket)).send("GET", "/v1/services", null).body();
                none.print(new Render(true, Instant.now()).table(FastStatus.services(new FastStatus.Reader(body).document())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        exit();
    }

    /** The other client commands, through the command model. */
    static void trainClient(String socket) {
        PrintStream none = new PrintStream(OutputStream.nullOutputStream(), true);
        System.setOut(none); // logs writes to System.out itself
        System.setErr(none);
        String noneSock = Path.of(socket).resolveSibling("none.sock").toString();
        picocli("status", "--socket", socket);
        picocli("status", "a", "-o", "json", "--socket", socket);
        picocli("start", "b", "--socket", socket);
        picocli("restart", "b", "--socket", socket);
        picocli("stop", "b", "--socket", socket);
        picocli("start", "b", "--no-wait", "--socket", socket);
        picocli("stop", "b", "--socket", socket);
        picocli("stop", "nope", "--socket", socket);
        picocli("logs", "a", "-n", "5", "--socket", socket);
        picocli("status", "--socket", noneSock);
        picocli("--help");
        picocli("status", "--help");
        picocli("--version");
        picocli("status", "--bogus");
        exit();
    }

    /**
     * Ends a training run as the CLI ends ({@link Runtime#halt}; the cache is still written): {@code
     * System.exit} would log through System.Logger and put slf4j in the cache.
     */
    private static void exit() {
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    private static void picocli(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(Writer.nullWriter()));
        cl.setErr(new PrintWriter(Writer.nullWriter()));
        cl.execute(args);
    }
}
