package dev.vigil.emulators;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One line per request or state change on stdout (flushed at once), and the real servers' own
 * lines (load errors, "server is listening", ...) on stderr. In-process emulators keep the lines
 * in memory instead, for tests to read.
 */
final class Log {
    private final String prefix;
    private final PrintStream out;
    private final PrintStream err;
    private final List<String> captured;

    private Log(String prefix, PrintStream out, PrintStream err, List<String> captured) {
        this.prefix = prefix;
        this.out = out;
        this.err = err;
        this.captured = captured;
    }

    static Log console(String prefix) { return new Log(prefix, System.out, System.err, null); }

    static Log captured(String prefix) { return new Log(prefix, null, null, new ArrayList<>()); }

    /** An emulator's own line: timestamp, name, message. */
    void info(String msg) { emit(false, stamp() + " " + prefix + " " + msg); }

    /** A line exactly as the real server writes it to stderr. */
    void stderr(String lines) {
        for (String line : lines.split("\n")) emit(true, line);
    }

    private void emit(boolean toErr, String line) {
        if (captured != null) {
            synchronized (captured) { captured.add((toErr ? "[stderr] " : "") + line); }
            return;
        }
        PrintStream s = toErr ? err : out;
        synchronized (s) {
            s.println(line);
            s.flush();
        }
    }

    List<String> lines() {
        if (captured == null) return List.of();
        synchronized (captured) { return List.copyOf(captured); }
    }

    void flush() {
        if (out != null) out.flush();
        if (err != null) err.flush();
    }

    /** UTC wall-clock time of day, HH:MM:SS.mmmZ, without java.time's start-up cost. */
    private static String stamp() {
        long ms = Math.floorMod(System.currentTimeMillis(), 86_400_000L);
        return String.format("%02d:%02d:%02d.%03dZ", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    }
}
