package dev.vigil.shell;

import dev.vigil.api.client.ControlClient;
import dev.vigil.api.json.Views;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp.Capability;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * The root of the REPL's command model: the CLI's client verbs ({@link Main#clientVerbs}), the same
 * classes, plus the shell's own verbs {@code exit}, {@code clear} and {@code help}. Holds what the
 * commands of one shell session share: the daemon it is attached to and the terminal.
 *
 * <p>Used from the REPL's thread only, except {@link #leaveAsked}, which is read after each line.
 */
@Command(
        name = "vigil",
        customSynopsis = "COMMAND [OPTIONS] [ARGS]",
        description = {"The vigil shell: the client commands of the CLI, with the same syntax, on this vigil.",
            "Tab completes commands, options and service names; `help COMMAND` or `COMMAND --help` explains one.",
            "Ctrl-C interrupts the command running (events, logs -f, a start's wait); `exit` or Ctrl-D leaves."},
        commandListHeading = "%nCommands:%n")
final class ShellRoot implements Runnable {

    private final Path socket;
    private final Terminal terminal;
    private final boolean interactive;
    private volatile boolean leaveAsked;
    private volatile boolean yes;

    ShellRoot(Path socket, Terminal terminal, boolean interactive) {
        this.socket = socket;
        this.terminal = terminal;
        this.interactive = interactive;
    }

    /**
     * The REPL's command line: the client verbs with {@code --socket} defaulting to the attached
     * daemon, and live service names for completion.
     */
    CommandLine commandLine(PrintWriter err) {
        ServiceNames names = new ServiceNames(this::services);
        ServiceNames.Children children = new ServiceNames.Children(this::services);
        return commandLine(err, new CommandLine.IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> cls) throws Exception {
                if (cls == ServiceNames.class) return (K) names;
                if (cls == ServiceNames.Children.class) return (K) children;
                return CommandLine.defaultFactory().create(cls);
            }
        });
    }

    /** The same, with what {@code factory} makes (a test's service names). */
    CommandLine commandLine(PrintWriter err, CommandLine.IFactory factory) {
        CommandLine cl = new CommandLine(this, factory);
        Main.clientVerbs().forEach(cl::addSubcommand);
        cl.addSubcommand(Exit.class);
        cl.addSubcommand(Clear.class);
        cl.addSubcommand(CommandLine.HelpCommand.class);
        // After the subcommands: picocli hands these down to those it already has.
        cl.setDefaultValueProvider(arg -> arg instanceof OptionSpec o && o.longestName().equals("--socket") ? socket.toString() : null);
        cl.setErr(err);
        if (interactive) cl.setUsageHelpWidth(Math.max(60, Math.min(terminal.getWidth(), 160)));
        return Main.reportErrors(cl);
    }

    private List<Views.Service> services() throws IOException {
        return new Api(new ControlClient(socket)).services();
    }

    Path socket() {
        return socket;
    }

    Terminal terminal() {
        return terminal;
    }

    /** On a terminal: its width, color unless NO_COLOR. Scripted (piped) input: as the CLI decides. */
    Screen screen() {
        return interactive ? new Screen(!Screen.noColor(), terminal::getWidth) : Screen.detect();
    }

    /** Whether {@code exit} was run, and with {@code --yes}; reading it clears it. */
    boolean leaveAsked() {
        boolean asked = leaveAsked;
        leaveAsked = false;
        return asked;
    }

    boolean yes() {
        return yes;
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /** {@code exit}: leave the shell (the REPL decides what leaving means: see {@link Repl}). */
    @Command(name = "exit", aliases = "quit", mixinStandardHelpOptions = true,
            description = {"Leave the shell (Ctrl-D does the same).",
                "In the shell of `vigil up`: asks, then stops every service and vigil. `vigil shell` and `vigil up --detach` leave vigil running."})
    static final class Exit implements Callable<Integer> {

        @Option(names = {"-y", "--yes"}, description = "Do not ask before stopping every service (`vigil up`).")
        boolean yes;

        @ParentCommand
        ShellRoot root;

        @Override
        public Integer call() {
            root.yes = yes;
            root.leaveAsked = true;
            return ExitCodes.OK;
        }
    }

    /** {@code clear}: a clean screen. */
    @Command(name = "clear", aliases = "cls", mixinStandardHelpOptions = true, description = "Clear the screen (Ctrl-L does it while typing).")
    static final class Clear implements Callable<Integer> {

        @ParentCommand
        ShellRoot root;

        @Override
        public Integer call() {
            root.terminal.puts(Capability.clear_screen);
            root.terminal.flush();
            return ExitCodes.OK;
        }
    }
}
