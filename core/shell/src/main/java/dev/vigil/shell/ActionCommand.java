package dev.vigil.shell;

import dev.vigil.api.json.Views;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vigil start|stop|restart NAME...}: one action on each named service, waiting for its outcome. */
abstract class ActionCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "NAME", completionCandidates = ServiceNames.class, description = "The services.")
    List<String> names;

    @Option(names = "--no-wait", description = "Return at once instead of waiting for the outcome.")
    boolean noWait;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Wait at most this long, e.g. 30s or 5m (default 10m).")
    String timeout;

    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    abstract String verb();

    /** Whether a blocking run of this verb shows progress and, on failure, the last log lines. */
    boolean showsProgress() {
        return true;
    }

    private void lastLogLines(Api api, String name, String child) {
        try {
            String tail = api.get("/v1/services/" + Api.enc(name) + "/logs?n=20" + (child == null ? "" : "&child=" + Api.enc(child))).body();
            if (tail.isEmpty()) return;
            PrintWriter err = spec.commandLine().getErr();
            err.println("--- last lines of " + (child == null ? name : name + "/" + child) + "'s log ---");
            err.print(tail.endsWith("\n") ? tail : tail + "\n");
            err.flush();
        } catch (IOException | RuntimeException e) {
            // the log is a help, not the answer
        }
    }

    /** Whether the service reached what the verb asks for (by default: it is up). */
    boolean reached(String state) {
        return List.of("READY", "SERVING", "IDLE", "COMPLETED").contains(state);
    }

    @Override
    public Integer call() throws Exception {
        Api api = new Api(client.client());
        PrintWriter out = spec.commandLine().getOut();
        if (!noWait) Api.warmUp(); // load the JSON binding while the daemon waits for the service
        int worst = ExitCodes.OK;
        for (String name : names) {
            String query = "?wait=" + !noWait + (timeout == null ? "" : "&timeout=" + Api.enc(timeout));
            Views.Service s;
            try (Progress progress = noWait || !showsProgress() ? null : Progress.follow(client.client(), name, spec.commandLine().getErr())) {
                s = Api.JSON.readValue(api.post("/v1/services/" + Api.enc(name) + "/" + verb() + query).body(), Views.Service.class);
            } catch (Main.CliException e) {
                // One bad name does not stop the others, as with supervisorctl.
                spec.commandLine().getErr().println("vigil: " + e.getMessage());
                worst = Math.max(worst, e.exitCode);
                continue;
            } catch (IOException e) {
                if (!Main.interrupted(e)) throw e;
                // Ctrl-C in the shell: only the wait ends; the daemon goes on with what it was asked.
                out.println(name + ": no longer waiting (Ctrl-C); vigil goes on with the " + verb());
                out.flush();
                return ExitCodes.INTERRUPTED;
            }
            String pid = s.pid() == null ? "" : " (pid " + s.pid() + ")";
            if (noWait) {
                out.println(name + ": " + verb() + " requested; now " + s.state() + pid);
            } else if (reached(s.state())) {
                out.println(name + ": " + s.state() + pid);
            } else if (s.state().equals("STARTING") || s.state().equals("WARMING") || s.state().equals("STOPPING")
                    || (s.state().equals("OFFLINE") && s.waitingFor() != null && !s.waitingFor().isEmpty())) {
                out.println(name + ": still " + s.state() + " after " + (timeout == null ? "10m" : timeout) + pid);
                worst = Math.max(worst, ExitCodes.TIMEOUT);
            } else {
                out.println(name + ": " + s.state() + (s.reason() == null ? "" : ": " + s.reason()) + pid
                        + (s.nextStart() == null ? "" : "; next start at " + s.nextStart()));
                worst = Math.max(worst, ExitCodes.FAILED);
                if (showsProgress()) s.children().forEach(c -> lastLogLines(api, name, s.children().size() > 1 ? c.name() : null));
            }
        }
        out.flush();
        return worst;
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start services and wait until each is READY (or fails).")
    static final class Start extends ActionCommand {
        String verb() {
            return "start";
        }
    }

    @Command(name = "restart", mixinStandardHelpOptions = true, description = "Stop, then start services, waiting until each is READY again.")
    static final class Restart extends ActionCommand {
        String verb() {
            return "restart";
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop services (SIGTERM to the group, SIGKILL after stop_timeout); never counted as a crash.")
    static final class Stop extends ActionCommand {
        String verb() {
            return "stop";
        }

        @Override
        boolean showsProgress() {
            return false;
        }

        @Override
        boolean reached(String state) {
            return List.of("OFFLINE", "COMPLETED", "FAILED").contains(state);
        }
    }
}
