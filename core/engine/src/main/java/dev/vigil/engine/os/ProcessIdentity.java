package dev.vigil.engine.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A process told apart from any later one that reuses its pid: the pid, its start time in clock
 * ticks after boot ({@code /proc/PID/stat} field 22) and the boot's id.
 *
 * <p>Reads {@code /proc}; a process that is gone or a zombie has no identity.
 */
public record ProcessIdentity(long pid, long startTicks, String bootId) {

    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

    /** The identity of the live process {@code pid}, or empty if there is none (gone, or a zombie). */
    public static Optional<ProcessIdentity> of(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        } catch (IOException gone) {
            return Optional.empty();
        }
        // "pid (comm) S ppid ...": comm may hold spaces and parentheses, so count fields after the last ')'.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        if (f[0].equals("Z") || f[0].equals("X")) return Optional.empty();
        // f[0] is field 3 (state), so field 22 (starttime) is f[19].
        return Optional.of(new ProcessIdentity(pid, Long.parseLong(f[19]), currentBootId()));
    }

    /** Whether this very process still lives (not a zombie, not another one with the same pid). */
    public boolean alive() {
        return of(pid).filter(this::equals).isPresent();
    }

    static String currentBootId() {
        try {
            return Files.readString(BOOT_ID).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
