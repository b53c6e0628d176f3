package dev.vigil.shell;

/**
 * Every exit code of {@code vigil}, in one place (docs/cli.md lists them).
 *
 * <ul>
 *   <li>0 — done: the service reached what was asked (READY, stopped, ...).
 *   <li>1 — a service did not get there: it CRASHED, FAILED, or a daemon stopped with an error; a
 *       task FAILED or its submit conflicts.
 *   <li>2 — bad usage or bad configuration (the config's problems are printed as file:line:col).
 *   <li>3 — no such service (or task).
 *   <li>4 — no vigil answers on the control socket.
 *   <li>5 — {@code --timeout} ran out before the service settled (or a task's run ended).
 *   <li>6 — the store ({@code RUNTIME/vigil.db}) cannot be used: corrupt, locked by another
 *       process, or written by a newer vigil; nothing was started.
 *   <li>130 — interrupted by Ctrl-C in the shell (128 + SIGINT, as a shell reports it).
 * </ul>
 */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int NOT_FOUND = 3;
    public static final int UNREACHABLE = 4;
    public static final int TIMEOUT = 5;
    public static final int STORE = 6;
    public static final int INTERRUPTED = 130;

    private ExitCodes() {}
}
