package dev.vigil.shell;

import dev.vigil.api.client.ControlClient;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vigil shutdown [--keep-services]}: make the running vigil exit, and wait until it has. */
@Command(name = "shutdown", mixinStandardHelpOptions = true,
        description = {"Make vigil exit, and wait until it has.",
            "Without --keep-services: stop every service first, as SIGTERM does.",
            "With --keep-services: leave every service running; the next `vigil daemon` on the same runtime folder adopts them (same pids, not restarted)."})
final class ShutdownCommand implements Callable<Integer> {

    @Option(names = "--keep-services", description = "Leave every service running for the next vigil to adopt.")
    boolean keepServices;

    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ControlClient c = client.client();
        // The event stream ends when vigil's API goes away: that is the moment it has exited (or is
        // about to, its services already stopped), learnt without polling.
        try (ControlClient.Stream events = c.open("GET", "/v1/events", null)) {
            Api.check(c.send("POST", "/v1/shutdown" + (keepServices ? "?keep_services=true" : ""), null));
            drain(events.body());
        }
        spec.commandLine().getOut().println(keepServices ? "vigil exited; every service is left running" : "vigil stopped every service and exited");
        return ExitCodes.OK;
    }

    private static void drain(InputStream in) {
        byte[] buf = new byte[8192];
        try {
            while (in.read(buf) >= 0) {
                // events of the services stopping: not shown
            }
        } catch (IOException gone) {
            // the connection went away with vigil
        }
    }
}
