package dev.vigil.shell;

import java.util.ArrayList;
import java.util.List;
import org.jline.console.CommandRegistry;
import org.jline.reader.impl.completer.SystemCompleter;
import picocli.CommandLine;
import picocli.shell.jline3.PicocliCommands;

/**
 * The REPL's only command registry: picocli-shell-jline3's view of {@link ShellRoot}'s command line,
 * which also keeps each command's exit code (a script piped into the shell exits with the worst)
 * and completes with {@link Completion} (picocli-shell-jline3's own completer knows verbs and
 * options, not the values of positional parameters, i.e. not service names).
 */
final class ShellCommands extends PicocliCommands {

    private final CommandLine cl;
    private int lastExitCode;

    ShellCommands(CommandLine cl) {
        super(cl);
        this.cl = cl;
    }

    /** Runs {@code command args...} as the CLI would; returns nothing for JLine to print. */
    @Override
    public Object invoke(CommandRegistry.CommandSession session, String command, Object... args) {
        List<String> argv = new ArrayList<>(args.length + 1);
        argv.add(command);
        for (Object a : args) argv.add(String.valueOf(a));
        lastExitCode = cl.execute(argv.toArray(String[]::new));
        cl.getOut().flush();
        cl.getErr().flush();
        return null;
    }

    /**
     * Runs {@code command} with {@code argument} as one word, as typed: JS has quotes of its own,
     * which shell-word parsing would strip ({@code js s.state == "CRASHED"}).
     */
    void invokeVerbatim(String command, String argument) {
        lastExitCode = argument.isEmpty() ? cl.execute(command) : cl.execute(command, argument);
        cl.getOut().flush();
        cl.getErr().flush();
    }

    /** The exit code of the command run last, once: 0 until another one runs. */
    int takeExitCode() {
        int code = lastExitCode;
        lastExitCode = 0;
        return code;
    }

    @Override
    public SystemCompleter compileCompleters() {
        SystemCompleter out = new SystemCompleter();
        List<String> names = new ArrayList<>(commandNames());
        names.addAll(commandAliases().keySet());
        out.add(names, new Completion(cl));
        return out;
    }
}
