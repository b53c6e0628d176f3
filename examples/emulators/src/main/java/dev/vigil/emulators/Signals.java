package dev.vigil.emulators;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;

/**
 * Dying by a real signal. The JVM handles SIGSEGV itself (a {@code kill -SEGV} makes it abort
 * with an hs_err file), so the disposition is reset to SIG_DFL through the FFM API before
 * {@code raise()}. Run with {@code --enable-native-access=ALL-UNNAMED} to silence the JDK's
 * warning; the launcher script does.
 */
final class Signals {
    private static final List<String> NAMES = List.of("", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS",
            "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM");

    private Signals() {}

    /** KILL, SIGKILL or 9 → 9 (Linux numbering); throws on an unknown name. */
    static int parse(String s) {
        String n = s.trim().toUpperCase();
        if (n.startsWith("SIG")) n = n.substring(3);
        if (n.matches("\\d+")) {
            int v = Integer.parseInt(n);
            if (v >= 1 && v < 32) return v;
        }
        int i = NAMES.indexOf(n);
        if (i > 0) return i;
        throw new Flags.UsageException("--crash-signal: unknown signal '" + s + "' (use e.g. KILL, SEGV, ABRT, TERM)");
    }

    static String name(int sig) { return sig > 0 && sig < NAMES.size() ? "SIG" + NAMES.get(sig) : "signal " + sig; }

    /** Kills this process with {@code sig}; falls back to halting with 128+sig. Never returns. */
    static void die(int sig) {
        try {
            Linker linker = Linker.nativeLinker();
            var std = linker.defaultLookup();
            MethodHandle signal = linker.downcallHandle(std.find("signal").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
            MethodHandle raise = linker.downcallHandle(std.find("raise").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            MemorySegment ignored = (MemorySegment) signal.invoke(sig, MemorySegment.NULL); // SIG_DFL
            int rc = (int) raise.invoke(sig);
            if (rc == 0) Thread.sleep(1000); // delivery is asynchronous for some signals
        } catch (Throwable ignored) {
            // fall through to halt
        }
        Runtime.getRuntime().halt(128 + sig);
    }
}
