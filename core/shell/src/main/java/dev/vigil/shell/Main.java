package dev.vigil.shell;

import dev.vigil.api.client.ControlClient;
import java.io.InterruptedIOException;
import java.nio.channels.AsynchronousCloseException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vigil}: the entry point of the program. */
@Command(
        name = "vigil",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "A process supervisor that knows when a service is really ready.")
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Logging.configure();
        CommandLine cl = commandLine();
        int code = cl.execute(args);
        cl.getOut().flush();
        cl.getErr().flush();
        // Nothing of a finished command needs the JVM's shutdown sequence (the daemon halts in its
        // own hook): halting saves the CLI ~10 ms of teardown.
        Runtime.getRuntime().halt(code);
    }

    /**
     * The verbs that talk to a running vigil over its socket. The CLI and the REPL ({@link
     * ShellRoot}) both offer exactly these classes: one command model, two front ends.
     */
    static List<Class<?>> clientVerbs() {
        return List.of(StatusCommand.class, ActionCommand.Start.class, ActionCommand.Stop.class, ActionCommand.Restart.class,
                AdoptCommand.class, EventsCommand.class, LogsCommand.class, TaskCommand.class, ShutdownCommand.class, JsCommand.class);
    }

    /** The command model, configured as both front ends use it. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.addSubcommand(DaemonCommand.class);
        cl.addSubcommand(UpCommand.class);
        cl.addSubcommand(ShellCommand.class);
        clientVerbs().forEach(cl::addSubcommand);
        cl.addSubcommand(CommandLine.HelpCommand.class);
        return reportErrors(cl);
    }

    /** Turns what a command throws into a message on stderr and an exit code (ExitCodes). */
    static CommandLine reportErrors(CommandLine cl) {
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (interrupted(ex)) return ExitCodes.INTERRUPTED; // Ctrl-C in the REPL: back to the prompt, quietly
            if (ex instanceof ControlClient.Unreachable) {
                line.getErr().println("vigil: " + ex.getMessage());
                return ExitCodes.UNREACHABLE;
            }
            if (ex instanceof CliException c) {
                if (c.getMessage() != null) line.getErr().println("vigil: " + c.getMessage());
                return c.exitCode;
            }
            line.getErr().println("vigil: " + ex);
            return ExitCodes.FAILED;
        });
        return cl;
    }

    /**
     * Whether {@code ex} is a wait cut short by Ctrl-C: the REPL interrupts the command's thread,
     * which closes the socket it was blocked on (a SocketChannel is interruptible).
     */
    static boolean interrupted(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof AsynchronousCloseException || t instanceof InterruptedException || t instanceof InterruptedIOException) return true;
        }
        return false;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version, from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"vigil " + (v == null ? "dev" : v) + " (Java " + Runtime.version() + ")"};
        }
    }

    /** A failure with a message for people and an exit code. */
    static final class CliException extends RuntimeException {
        final int exitCode;

        CliException(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }
    }
}
