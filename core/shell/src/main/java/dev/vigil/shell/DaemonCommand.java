package dev.vigil.shell;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vigil daemon DIR}: the supervisor, headless, in the foreground. */
@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = "Run the supervisor on a config folder, headless, in the foreground. SIGTERM or SIGINT stop every service, then vigil.")
final class DaemonCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "The config folder (vigil.toml and/or services/*.toml).")
    Path dir;

    @Option(names = "--runtime-dir", paramLabel = "DIR", description = "Where the socket, logs and state live (default: DIR/.vigil).")
    Path runtimeDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Daemon d = Daemon.load(dir, runtimeDir, spec.commandLine().getErr());
        d.start();
        d.declare();
        d.awaitStop();
        return ExitCodes.OK;
    }
}
