package dev.vigil.engine.probe;

import dev.vigil.engine.model.ExitStatus;
import dev.vigil.engine.model.ProbeTarget;
import dev.vigil.engine.os.Libc;
import dev.vigil.engine.os.Spawner;
import dev.vigil.engine.probe.CheckResult.Fail;
import dev.vigil.engine.probe.CheckResult.Pass;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * The exec probe: runs the command and passes on exit 0.
 *
 * <p>The command is spawned by vigil's own {@link Spawner} (never the JDK's ProcessBuilder, whose
 * children the orphan sweep could not tell from orphans), in a session of its own, so an interrupt
 * (the timeout) kills its whole process group with SIGKILL, grandchildren included. stdin is {@code
 * /dev/null}; output is discarded. The environment is vigil's plus the probe's.
 */
final class ExecCheck {

    private static final int SIGKILL = 9;
    private static final Path DEV_NULL = Path.of("/dev/null");
    private final Spawner spawner;

    ExecCheck(Spawner spawner) {
        this.spawner = spawner;
    }

    CheckResult check(ProbeTarget.Exec target) throws InterruptedException {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(target.env());
        Spawner.Child child;
        try {
            child = spawner.spawn(new Spawner.SpawnSpec(target.command(), target.cwd(), env, DEV_NULL, true));
        } catch (Spawner.SpawnFailure e) {
            return new Fail(e.getMessage());
        }
        try {
            return switch (child.onExit().get()) {
                case Spawner.Exit.Exited x when x.code() == 0 -> new Pass("exit 0");
                case Spawner.Exit.Exited x -> new Fail("exit " + x.code());
                case Spawner.Exit.Killed k -> new Fail(new ExitStatus(128 + k.signal(), k.signal()).toString());
            };
        } catch (InterruptedException e) {
            Libc.kill(-child.pid(), SIGKILL);
            throw e;
        } catch (ExecutionException e) {
            return new Fail("exit status unknown: " + e.getCause().getMessage());
        }
    }
}
