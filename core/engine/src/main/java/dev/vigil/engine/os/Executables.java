package dev.vigil.engine.os;

import dev.vigil.engine.supervise.Processes.SpawnException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the program of a command the way {@code execvp} would, to report a failure before spawning. */
final class Executables {

    private Executables() {}

    /** {@code name} on {@code path}, or relative to {@code cwd} when it contains a slash. */
    static Optional<Path> find(String name, String path, Path cwd) {
        if (name.contains("/")) {
            Path p = cwd.resolve(name).normalize();
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        if (path == null) return Optional.empty();
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path p = cwd.resolve(dir).resolve(name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** Like {@link #find}, with a message for people when there is nothing to run. */
    static Path resolve(String name, String path, Path cwd) throws SpawnException {
        Optional<Path> found = find(name, path, cwd);
        if (found.isPresent()) return found.get();
        if (name.contains("/")) {
            Path p = cwd.resolve(name).normalize();
            if (!Files.exists(p)) throw new SpawnException(p + ": no such file");
            if (Files.isDirectory(p)) throw new SpawnException(p + ": is a directory");
            throw new SpawnException(p + ": permission denied (not executable)");
        }
        throw new SpawnException(name + ": command not found on PATH");
    }
}
