package dev.vigil.shell;

import dev.vigil.api.client.ControlClient;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code vigil up --detach DIR}: the daemon in the background, in a session of its own (so that the
 * terminal's Ctrl-C and hang-up never reach it), then the shell attached to it. Leaving the shell
 * leaves vigil running; {@code kill PID} (SIGTERM) stops every service, then vigil.
 */
final class Background {

    private static final Duration READY_WITHIN = Duration.ofSeconds(60);
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private Background() {}

    static int detach(ConfigOptions config, PrintWriter out, PrintWriter err) throws Exception {
        // Loading here reports a bad config in the foreground, with exit 2, and names the socket.
        Path socket = Daemon.load(config.dir, config.runtimeDir, err).socket();
        Path runtime = socket.getParent();
        ControlClient client = new ControlClient(socket);
        if (answers(client)) {
            throw new Main.CliException(ExitCodes.USAGE, "a vigil already answers on " + socket + "; `vigil shell --socket " + socket
                    + "` attaches to it");
        }
        if (!Files.isExecutable(SETSID)) throw new Main.CliException(ExitCodes.USAGE, "--detach needs " + SETSID + " (util-linux)");
        Files.createDirectories(runtime);
        Path log = runtime.resolve("daemon.log");
        Process daemon = new ProcessBuilder(command(config.dir.toAbsolutePath(), runtime))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true)
                .start();
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (!ready(client)) {
            if (!daemon.isAlive() || System.nanoTime() > deadline) {
                err.println("vigil: the background vigil " + (daemon.isAlive() ? "is not ready after " + READY_WITHIN.toSeconds() + "s"
                        : "exited with " + daemon.exitValue()) + "; its log, " + log + ":");
                err.print(Files.readString(log));
                err.flush();
                return ExitCodes.FAILED;
            }
            Thread.sleep(20);
        }
        long pid = daemon.pid(); // setsid execs in place: this is vigil's pid
        out.println("vigil runs in the background: pid " + pid + ", log " + log + ", control socket " + socket);
        out.flush();
        try (Repl repl = Repl.open(socket, Repl.Mode.ATTACHED)) {
            repl.farewell("vigil keeps running in the background (pid " + pid + "): `vigil shell --socket " + socket
                    + "` comes back; `kill " + pid + "` stops every service, then vigil.");
            return repl.run();
        }
    }

    /** {@code setsid java <this JVM's flags> -cp <this class path> dev.vigil.shell.Main daemon DIR --runtime-dir R}. */
    private static List<String> command(Path dir, Path runtime) {
        List<String> argv = new ArrayList<>();
        argv.add(SETSID.toString());
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        argv.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "daemon", dir.toString(),
                "--runtime-dir", runtime.toString()));
        return argv;
    }

    private static boolean answers(ControlClient client) {
        try {
            client.send("GET", "/livez", null);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean ready(ControlClient client) {
        try {
            return client.send("GET", "/readyz", null).status() == 200;
        } catch (IOException e) {
            return false;
        }
    }
}
