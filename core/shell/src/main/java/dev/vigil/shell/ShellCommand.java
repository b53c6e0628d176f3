package dev.vigil.shell;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code vigil shell}: the interactive shell on a running vigil. */
@Command(name = "shell", mixinStandardHelpOptions = true,
        description = {"Open the interactive shell on a running vigil: every client command with the same syntax, Tab completion"
                + " of verbs, options and live service names, history, a prompt that counts ready services.",
            "When stdin is not a terminal, runs its lines as commands and exits with the worst exit code. Leaving leaves vigil running."})
final class ShellCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() throws Exception {
        Path socket = client.socketPath().toAbsolutePath();
        new Api(client.client()).get("/livez"); // nothing there: exit 4 with the usual message, before any terminal set-up
        try (Repl repl = Repl.open(socket, Repl.Mode.ATTACHED)) {
            return repl.run();
        }
    }
}
