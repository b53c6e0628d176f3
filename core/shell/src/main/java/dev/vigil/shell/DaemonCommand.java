package dev.vigil.shell;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vigil daemon DIR}: the supervisor, headless, in the foreground. */
@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = "Run the supervisor on a config folder, headless, in the foreground. SIGTERM or SIGINT stop every service, then vigil.")
final class DaemonCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Daemon d = Daemon.load(config.dir, config.runtimeDir, spec.commandLine().getErr());
        d.start();
        d.declare();
        d.awaitStop();
        return ExitCodes.OK;
    }
}
