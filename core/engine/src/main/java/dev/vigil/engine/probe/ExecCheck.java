package dev.vigil.engine.probe;

import dev.vigil.engine.model.ProbeTarget;

import dev.vigil.engine.model.ExitStatus;
import dev.vigil.engine.os.Libc;
import dev.vigil.engine.probe.CheckResult.Fail;
import dev.vigil.engine.probe.CheckResult.Pass;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exec probe: runs the command and passes on exit 0.
 *
 * <p>The command starts through {@code setsid(1)}, which execs in place (the JDK's child is never a group
 * leader), so its pid leads a process group of its own; an interrupt (the timeout) kills that whole group
 * with SIGKILL, grandchildren included. Without setsid on PATH it falls back to killing the descendants
 * the JDK can see. stdin is {@code /dev/null}; output is discarded.
 */
final class ExecCheck {

    private static final Logger LOG = LoggerFactory.getLogger(ExecCheck.class);
    private static final int SIGKILL = 9;

    private final Optional<Path> setsid = onPath("setsid");

    CheckResult check(ProbeTarget.Exec target) throws IOException, InterruptedException {
        if (!Files.isDirectory(target.cwd())) return new Fail("cwd " + target.cwd() + ": no such directory");
        List<String> argv = new ArrayList<>(target.command().size() + 1);
        setsid.ifPresent(p -> argv.add(p.toString()));
        argv.addAll(target.command());
        ProcessBuilder pb = new ProcessBuilder(argv)
                .directory(target.cwd().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(target.env());
        Process process = pb.start();
        try {
            ExitStatus exit = ExitStatus.fromJdk(process.waitFor());
            if (exit.isSuccess()) return new Pass("exit 0");
            return new Fail(exit + hint(exit.code()));
        } catch (InterruptedException e) {
            kill(process);
            throw e;
        }
    }

    /** setsid(1) and sh report a command they could not run with these codes. */
    private static String hint(int code) {
        return switch (code) {
            case 126 -> " (not executable)";
            case 127 -> " (command not found)";
            default -> "";
        };
    }

    private void kill(Process process) {
        if (setsid.isPresent() && process.isAlive()) {
            try {
                if (Libc.kill(-process.pid(), SIGKILL) == 0) return;
            } catch (RuntimeException | LinkageError e) {
                LOG.debug("kill(-{}) unavailable, killing descendants instead", process.pid(), e);
            }
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        Stream<String> dirs = Stream.concat(path == null ? Stream.empty() : Stream.of(path.split(":")), Stream.of("/usr/bin", "/bin"));
        return dirs.filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, name))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
