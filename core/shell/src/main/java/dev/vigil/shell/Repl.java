package dev.vigil.shell;

import dev.vigil.api.client.ControlClient;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOError;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.jline.console.impl.SystemRegistryImpl;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.impl.DumbTerminal;

/**
 * The vigil shell: reads command lines and runs them through {@link ShellRoot}'s picocli model and
 * one JLine {@link SystemRegistryImpl}. On a terminal, with line editing, completion, history in the
 * runtime folder ({@code RUNTIME/history}) and a live prompt; otherwise (piped stdin) it runs the
 * lines as a script, silently, and reports the worst exit code.
 *
 * <p>Ctrl-C while a command runs interrupts the REPL's thread: the socket the command is blocked on
 * (an interruptible channel) closes, the command ends, and the prompt comes back. At the prompt,
 * Ctrl-C clears the line. Single-threaded, but for {@link LivePrompt}, which only redraws the prompt.
 */
final class Repl implements AutoCloseable {

    /** What leaving the shell means. */
    enum Mode {
        /** The shell of {@code vigil up}: vigil runs in this process; leaving (after a yes) stops it all. */
        UP,
        /** {@code vigil shell}, {@code vigil up --detach}: attached to a daemon; leaving leaves it running. */
        ATTACHED
    }

    private final Path socket;
    private final Mode mode;
    private final boolean interactive;
    private final Terminal terminal;
    private final Attributes original;
    private final ShellRoot root;
    private final ShellCommands commands;
    private final SystemRegistryImpl registry;
    private final PrintWriter err;
    private String farewell;
    private LivePrompt live;
    private int worst;
    private boolean exitAsked;

    private Repl(Path socket, Mode mode, boolean interactive, Terminal terminal) {
        this.socket = socket;
        this.mode = mode;
        this.interactive = interactive;
        this.terminal = terminal;
        this.original = terminal.getAttributes();
        this.err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        this.root = new ShellRoot(socket, terminal, interactive);
        this.commands = new ShellCommands(root.commandLine(err));
        this.registry = new SystemRegistryImpl(new DefaultParser(), terminal, () -> Path.of("").toAbsolutePath(), null);
        registry.setCommandRegistries(commands);
    }

    /** Whether a person types into this process and reads its output: both stdin and stdout are a terminal. */
    static boolean interactive() {
        Console c = System.console();
        return c != null && c.isTerminal();
    }

    /** A shell on the daemon at {@code socket}: on this terminal, or reading stdin as a script. */
    static Repl open(Path socket, Mode mode) throws IOException {
        boolean interactive = interactive();
        Terminal terminal;
        if (interactive) {
            terminal = TerminalBuilder.builder().system(true).name("vigil").build();
        } else {
            // Not the system terminal: a dumb one registers no signal handler (SIGINT keeps stopping
            // `vigil up`, through the JVM's hooks) and never reads stdin (the script is read below).
            terminal = new DumbTerminal("vigil", Terminal.TYPE_DUMB, InputStream.nullInputStream(), OutputStream.nullOutputStream(),
                    StandardCharsets.UTF_8);
        }
        Repl repl = new Repl(socket.toAbsolutePath(), mode, interactive, terminal);
        // From now on SIGINT is the REPL's (JLine's native handler), never the JVM's exit.
        Thread thread = Thread.currentThread();
        if (interactive) {
            terminal.handle(Terminal.Signal.INT, signal -> {
                thread.interrupt();
                // The terminal echoed ^C where the output stopped: what follows starts a line.
                terminal.writer().println();
                terminal.flush();
            });
        }
        return repl;
    }

    /** Whether the shell ended on {@code exit} (or a confirmed Ctrl-D), not at the end of its input. */
    boolean exitAsked() {
        return exitAsked;
    }

    /**
     * Runs until the person leaves (see {@link Mode}) or the script ends.
     *
     * @return the worst exit code of the commands run (a script's exit status)
     */
    int run() throws IOException {
        if (!interactive) return script(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        LineReader reader = LineReaderBuilder.builder()
                .appName("vigil")
                .terminal(terminal)
                .parser(new DefaultParser())
                .completer(registry.completer())
                .variable(LineReader.HISTORY_FILE, socket.getParent().resolve("history"))
                .variable(LineReader.HISTORY_SIZE, 2000)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.AUTO_FRESH_LINE, true)
                .build();
        PrintStream systemErr = System.err;
        // vigil's own log lines (the daemon of `up` runs in this process) print above the prompt.
        if (mode == Mode.UP) System.setErr(new PrintStream(new Above(reader, systemErr), true, StandardCharsets.UTF_8));
        try (LivePrompt live = LivePrompt.start(socket, this::prompt, reader)) {
            this.live = live;
            while (true) {
                Thread.interrupted(); // a Ctrl-C that came between two commands
                String line;
                try {
                    line = reader.readLine(prompt());
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C at the prompt: the line is dropped, as in bash
                } catch (EndOfFileException e) {
                    if (leave(reader, false)) return worst;
                    continue;
                } catch (IOError e) {
                    // The terminal is gone (a closed window, a killed tmux): nobody can answer a
                    // question any more. Leave as if told to (`up` then stops every service).
                    exitAsked = true;
                    return worst;
                }
                execute(line);
                if (root.leaveAsked() && leave(reader, root.yes())) return worst;
            }
        } finally {
            System.setErr(systemErr);
            try {
                reader.getHistory().save();
            } catch (IOException | IOError e) {
                // a lost history is no reason to fail leaving
            }
        }
    }

    private int script(BufferedReader in) throws IOException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            execute(line);
            if (root.leaveAsked()) {
                exitAsked = true;
                break;
            }
        }
        return worst;
    }

    /** Runs one line; a line that is no command is reported, not fatal. */
    void execute(String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) return;
        try {
            if (trimmed.equals("js") || trimmed.startsWith("js ")) {
                commands.invokeVerbatim("js", trimmed.substring(2).strip());
            } else {
                registry.execute(trimmed);
            }
            worst = Math.max(worst, commands.takeExitCode());
        } catch (Exception e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            err.println("vigil: " + message.replaceFirst("^Unknown command: (.*)", "unknown command \"$1\" (`help` lists them)"));
            worst = Math.max(worst, ExitCodes.USAGE);
        } finally {
            registry.cleanUp();
            Thread.interrupted();
        }
    }

    /** Whether to leave now: in the shell of {@code up}, only after a yes (or {@code exit --yes}). */
    private boolean leave(LineReader reader, boolean yes) {
        if (mode == Mode.UP && !yes) {
            live.hold(true);
            try {
                String answer = reader.readLine("stop every service and exit? [y/N] ").strip().toLowerCase(Locale.ROOT);
                if (!answer.equals("y") && !answer.equals("yes")) return false;
            } catch (UserInterruptException | EndOfFileException | IOError no) {
                return false; // a gone terminal: the next read ends the shell
            } finally {
                live.hold(false);
            }
        }
        if (farewell != null) {
            terminal.writer().println(farewell);
            terminal.flush();
        }
        exitAsked = true;
        return true;
    }

    /** What to print when a person leaves an attached shell (how to come back, how to stop vigil). */
    Repl farewell(String text) {
        this.farewell = text;
        return this;
    }

    /** {@code vigil 4/6 ready> }, colored by the worst state; {@code vigil (no answer)> } when the daemon is gone. */
    String prompt() {
        try {
            return "vigil " + root.screen().render().readyCount(new Api(new ControlClient(socket)).services()) + "> ";
        } catch (IOException | RuntimeException e) {
            return "vigil (no answer)> ";
        }
    }

    /** Gives the terminal back as it was found. */
    @Override
    public void close() throws IOException {
        try {
            terminal.setAttributes(original);
        } catch (IllegalStateException | IOError gone) {
            // the terminal went away first
        }
        terminal.close();
    }

    /**
     * Lines written to it go above the prompt, which stays intact (JLine's printAbove). Once the
     * terminal is gone (closed, or hung up: SIGHUP) they go to {@code fallback}: a log line must never
     * throw, least of all in the shutdown hook that stops every service.
     */
    private static final class Above extends OutputStream {
        private final LineReader reader;
        private final PrintStream fallback;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        Above(LineReader reader, PrintStream fallback) {
            this.reader = reader;
            this.fallback = fallback;
        }

        @Override
        public synchronized void write(int b) {
            if (b != '\n') {
                line.write(b);
                return;
            }
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            try {
                reader.printAbove(text);
            } catch (RuntimeException terminalGone) {
                fallback.println(text);
            }
        }
    }
}
