package dev.vigil.shell;

import dev.vigil.engine.event.Event;
import dev.vigil.engine.event.Subscription;
import dev.vigil.api.json.Views;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vigil up DIR}: the supervisor in the foreground, with its events live on the terminal. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Run the supervisor on a config folder and show every state change live. Ctrl-C stops every service, then vigil.")
final class UpCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Daemon d = Daemon.load(config.dir, config.runtimeDir, spec.commandLine().getErr());
        d.start();
        Render render = Render.forTerminal();
        try (Subscription sub = d.supervisor().bus().subscribe(65536)) {
            d.declare();
            out.println("vigil is up: " + d.supervisor().statuses().size() + " services. Control socket: " + d.socket());
            out.println("In another terminal: vigil status --socket " + d.socket() + "   Ctrl-C here stops every service, then vigil.");
            out.flush();
            Thread.ofPlatform().daemon().name("vigil-up-events").start(() -> follow(sub, out, render));
            d.awaitStop();
        }
        return ExitCodes.OK;
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
