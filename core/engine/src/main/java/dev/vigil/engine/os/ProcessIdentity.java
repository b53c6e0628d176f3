package dev.vigil.engine.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A process told apart from every other one that ever had or will have its pid: the pid, the
 * instant it started ({@code /proc/PID/stat} field 22, clock ticks after boot) and the boot it
 * started in ({@code /proc/sys/kernel/random/boot_id}).
 *
 * <p>Immutable. {@link #of} and {@link #isAlive} read {@code /proc} (a few microseconds); a
 * zombie is not alive.
 */
public record ProcessIdentity(long pid, long startTicks, String bootId) {

    private static final Path PROC = Path.of("/proc");
    /** Fixed for the life of this process: a boot never changes under a running program. */
    private static final String BOOT_ID = readBootId();

    public ProcessIdentity {
        Objects.requireNonNull(bootId, "bootId");
    }

    /** The identity of the live (non-zombie) process {@code pid} now, or empty when there is none. */
    public static Optional<ProcessIdentity> of(long pid) {
        String stat;
        try {
            stat = Files.readString(PROC.resolve(pid + "/stat"));
        } catch (IOException gone) {
            return Optional.empty();
        }
        return parse(pid, stat, currentBootId());
    }

    /** Whether the process this names still runs: same pid, same start instant, same boot. */
    public boolean isAlive() {
        return of(pid).map(this::equals).orElse(false);
    }

    /**
     * Reads a {@code stat} line: "pid (comm) state ppid ...". comm may hold spaces and parentheses,
     * so the fields are counted after the last ')'; starttime is field 22, the 20th after it.
     */
    static Optional<ProcessIdentity> parse(long pid, String stat, String bootId) {
        int close = stat.lastIndexOf(')');
        if (close < 0 || close + 2 > stat.length()) return Optional.empty();
        String[] f = stat.substring(close + 2).trim().split(" ");
        if (f.length < 20 || f[0].equals("Z") || f[0].equals("X")) return Optional.empty();
        try {
            return Optional.of(new ProcessIdentity(pid, Long.parseLong(f[19]), bootId));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** This boot's id; it changes with every boot of the machine. */
    static String currentBootId() {
        return BOOT_ID;
    }

    private static String readBootId() {
        try {
            return Files.readString(PROC.resolve("sys/kernel/random/boot_id")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
