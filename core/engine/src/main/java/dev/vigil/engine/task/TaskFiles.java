package dev.vigil.engine.task;

import dev.vigil.engine.model.ExitStatus;
import dev.vigil.engine.model.TaskRecord;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A task's files in {@code RUNTIME/tasks/}: its output log ({@code NAME.log}) and the exit status its
 * wrapper writes ({@code NAME.exit}), where NAME is the id made safe for a file name.
 *
 * <p>A run's command goes through a {@code /bin/sh} wrapper that writes the command's exit status to
 * the exit file atomically (a temporary file, then {@code mv}): after a restart, vigil is no longer
 * the run's parent and learns its end only through a pidfd, with no status; the file has it.
 */
final class TaskFiles {

    /** {@code $1} the exit file, the rest the command; exits as the command did. */
    static final String WRAPPER = "f=\"$1\"; shift; \"$@\"; s=$?; printf '%s\\n' \"$s\" > \"$f.tmp\" && mv -f \"$f.tmp\" \"$f\"; exit \"$s\"";
    private static final int TAIL_BYTES = 64 * 1024;

    private final Path dir;

    TaskFiles(Path dir) {
        this.dir = dir;
    }

    Path log(String id) {
        return dir.resolve(name(id) + ".log");
    }

    Path exit(String id) {
        return dir.resolve(name(id) + ".exit");
    }

    /**
     * {@code id} made safe for a file name: characters other than letters, digits, '.', '_' and '-'
     * become '_', and a short hash of the id keeps two ids that differ only there apart.
     */
    static String name(String id) {
        String safe = id.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.startsWith(".")) safe = "_" + safe.substring(1);
        if (safe.equals(id) && safe.length() <= 100) return safe;
        if (safe.length() > 100) safe = safe.substring(0, 100);
        return safe + "-" + hash(id);
    }

    private static String hash(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)), 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The argv that runs {@code command} through the wrapper. */
    List<String> wrapped(String id, List<String> command) {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", WRAPPER, "vigil-task", exit(id).toString()));
        argv.addAll(command);
        return argv;
    }

    /** Clears what a previous run left: a new run starts with an empty log and no exit status. */
    void clear(String id) throws IOException {
        Files.createDirectories(dir);
        Files.deleteIfExists(exit(id));
        Files.deleteIfExists(log(id));
    }

    /** The exit status the wrapper recorded (128+N read as signal N, the shell's way), if it did. */
    Optional<ExitStatus> recordedExit(String id) {
        try {
            return Optional.of(ExitStatus.fromJdk(Integer.parseInt(Files.readString(exit(id)).trim())));
        } catch (IOException | NumberFormatException none) {
            return Optional.empty();
        }
    }

    /** The last {@link TaskRecord#OUTPUT_LINES} lines of the log (of its last 64 KiB). */
    List<String> tail(String id) {
        Path log = log(id);
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long len = f.length();
            int n = (int) Math.min(len, TAIL_BYTES);
            byte[] bytes = new byte[n];
            f.seek(len - n);
            f.readFully(bytes);
            List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            if (n < len && !lines.isEmpty()) lines = lines.subList(1, lines.size()); // the first one is cut
            return List.copyOf(lines.subList(Math.max(0, lines.size() - TaskRecord.OUTPUT_LINES), lines.size()));
        } catch (IOException none) {
            return List.of();
        }
    }
}
