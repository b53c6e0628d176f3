package dev.vigil.shell;

import dev.vigil.api.json.Views;
import dev.vigil.engine.event.Event;
import dev.vigil.engine.event.Subscription;
import java.io.IOError;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code vigil up DIR}: the supervisor in the foreground with the shell on it. On a terminal, the
 * REPL ({@link Repl}); otherwise the events live on stdout, as before the shell existed, and the
 * lines of a piped stdin run as commands.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Run the supervisor on a config folder and open the shell on it (see `vigil shell`).",
            "On a terminal: `exit` or Ctrl-D asks, then stops every service and vigil; Ctrl-C only interrupts the command running.",
            "Otherwise: every state change is printed live, piped stdin lines run as commands; SIGTERM or SIGINT stop every service, then vigil."})
final class UpCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--detach", description = "Run vigil in the background instead (its own session; log in RUNTIME/daemon.log) and open the shell on it: leaving the shell leaves vigil running.")
    boolean detach;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (detach) return Background.detach(config, out, spec.commandLine().getErr());
        Daemon d = Daemon.load(config.dir, config.runtimeDir, spec.commandLine().getErr());
        d.start();
        if (Repl.interactive()) {
            d.declare();
            out.println("vigil is up: " + d.supervisor().statuses().size() + " services. Control socket: " + d.socket());
            out.println("Type `help` for the commands, Tab completes. `exit` (or Ctrl-D) stops every service, then vigil.");
            out.flush();
            try (Repl repl = Repl.open(d.socket(), Repl.Mode.UP)) {
                repl.run();
            } catch (Exception | IOError e) {
                spec.commandLine().getErr().println("vigil: the shell failed (" + e + "); stopping every service");
                spec.commandLine().getErr().flush();
            }
            // However the shell ended, the daemon's shutdown hook stops every service, then halts:
            // returning would let Main halt first and leave the services behind.
            System.exit(ExitCodes.OK);
        }
        Render render = Screen.detect().render();
        try (Subscription sub = d.supervisor().bus().subscribe(65536)) {
            d.declare();
            out.println("vigil is up: " + d.supervisor().statuses().size() + " services. Control socket: " + d.socket());
            out.println("In another terminal: vigil status --socket " + d.socket() + "   Ctrl-C here stops every service, then vigil.");
            out.flush();
            Thread.ofPlatform().daemon().name("vigil-up-events").start(() -> follow(sub, out, render));
            if (!stdinIsTerminal()) {
                try (Repl script = Repl.open(d.socket(), Repl.Mode.UP)) {
                    script.run();
                    if (script.exitAsked()) System.exit(ExitCodes.OK); // the hook stops every service
                } catch (IOException | RuntimeException e) {
                    // An unreadable stdin ends the script, not the supervisor.
                    spec.commandLine().getErr().println("vigil: reading commands from stdin: " + e);
                }
            }
            d.awaitStop();
        }
        return ExitCodes.OK;
    }

    /**
     * Whether stdin is a terminal while stdout is not ({@code vigil up DIR > log &}): then nobody
     * types commands, and reading them would stop a background vigil with SIGTTIN.
     */
    private static boolean stdinIsTerminal() {
        try {
            String in = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
            return in.startsWith("/dev/pts/") || in.startsWith("/dev/tty") || in.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static void follow(Subscription sub, PrintWriter out, Render render) {
        try {
            while (true) {
                Event e = sub.next(Duration.ofDays(1));
                if (e != null) {
                    out.println(render.eventLine(Views.event(e)));
                    out.flush();
                }
            }
        } catch (Subscription.CutOffException e) {
            out.println("(event display stopped: " + e.getMessage() + ")");
            out.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
