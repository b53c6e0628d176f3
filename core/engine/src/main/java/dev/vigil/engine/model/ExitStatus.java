package dev.vigil.engine.model;

/**
 * How a process ended, as far as vigil knows.
 *
 * <p>vigil reaps its children itself ({@code waitid}), so an exit code and a killing signal are told
 * apart exactly; {@code code} is then 128+N by the shell's convention. {@link #unknown()} is for a
 * process whose end was not observed (it died while vigil was down), and {@link #spawnFailed()} for
 * one that never ran.
 *
 * @param code the exit code, or -1 if unknown
 * @param signal the terminating signal number, or 0
 */
public record ExitStatus(int code, int signal) {

    private static final String[] NAMES = {
        "0", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE",
        "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM",
        "PROF", "WINCH", "IO", "PWR", "SYS"
    };

    /** From a shell-style exit value where 128+N means signal N (only where nothing better is known). */
    public static ExitStatus fromJdk(int value) {
        if (value > 128 && value < 128 + NAMES.length) return new ExitStatus(value, value - 128);
        return new ExitStatus(value, 0);
    }

    public static ExitStatus unknown() {
        return new ExitStatus(-1, 0);
    }

    public static ExitStatus spawnFailed() {
        return new ExitStatus(-2, 0);
    }

    public boolean isSuccess() {
        return code == 0 && signal == 0;
    }

    /** The signal's name without SIG, e.g. {@code KILL}, or null. */
    public String signalName() {
        return signal > 0 && signal < NAMES.length ? NAMES[signal] : null;
    }

    /** For people: {@code exit 1}, {@code signal KILL}, {@code exit unknown}. */
    @Override
    public String toString() {
        if (code == -1) return "exit status unknown";
        if (code == -2) return "never ran";
        return signal > 0 ? "signal " + signalName() : "exit " + code;
    }
}
