package dev.vigil.engine.os;

import dev.vigil.engine.os.Spawner.SpawnFailure;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * glibc's {@code posix_spawn}, through FFM: one call that forks (CLONE_VFORK) and execs a resolved
 * program with stdin from /dev/null, stdout and stderr appended to one file, no descriptor of the
 * JVM beyond 2, a default signal mask and dispositions, the given cwd and, optionally, a new session.
 *
 * <p>Stateless and thread-safe. The posix_spawn family returns an error number instead of setting
 * errno, so no call state is captured. Needs glibc ≥ 2.34 ({@code addclosefrom_np}; Debian 12 has 2.36).
 */
final class PosixSpawn {

    // Sizes on x86_64 glibc are 336 and 80; generous so that no other ABI overruns them.
    private static final long ATTR_SIZE = 512;
    private static final long ACTIONS_SIZE = 256;
    private static final long SIGSET_SIZE = 128;
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final short POSIX_SPAWN_SETSID = 0x80;
    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 01;
    private static final int O_CREAT = 0100;
    private static final int O_APPEND = 02000;
    private static final int MODE_0644 = 0644;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final AddressLayout PTR = ValueLayout.ADDRESS;

    private static final MethodHandle SPAWN = handle("posix_spawn", FunctionDescriptor.of(INT, PTR, PTR, PTR, PTR, PTR, PTR));
    private static final MethodHandle ATTR_INIT = handle("posix_spawnattr_init", FunctionDescriptor.of(INT, PTR));
    private static final MethodHandle ATTR_DESTROY = handle("posix_spawnattr_destroy", FunctionDescriptor.of(INT, PTR));
    private static final MethodHandle SET_FLAGS =
            handle("posix_spawnattr_setflags", FunctionDescriptor.of(INT, PTR, ValueLayout.JAVA_SHORT));
    private static final MethodHandle SET_SIGMASK = handle("posix_spawnattr_setsigmask", FunctionDescriptor.of(INT, PTR, PTR));
    private static final MethodHandle SET_SIGDEFAULT = handle("posix_spawnattr_setsigdefault", FunctionDescriptor.of(INT, PTR, PTR));
    private static final MethodHandle ACTIONS_INIT = handle("posix_spawn_file_actions_init", FunctionDescriptor.of(INT, PTR));
    private static final MethodHandle ACTIONS_DESTROY = handle("posix_spawn_file_actions_destroy", FunctionDescriptor.of(INT, PTR));
    private static final MethodHandle ADD_OPEN =
            handle("posix_spawn_file_actions_addopen", FunctionDescriptor.of(INT, PTR, INT, PTR, INT, INT));
    private static final MethodHandle ADD_DUP2 = handle("posix_spawn_file_actions_adddup2", FunctionDescriptor.of(INT, PTR, INT, INT));
    private static final MethodHandle ADD_CLOSEFROM =
            handle("posix_spawn_file_actions_addclosefrom_np", FunctionDescriptor.of(INT, PTR, INT));
    private static final MethodHandle ADD_CHDIR = handle("posix_spawn_file_actions_addchdir_np", FunctionDescriptor.of(INT, PTR, PTR));
    private static final MethodHandle SIGEMPTYSET = handle("sigemptyset", FunctionDescriptor.of(INT, PTR));

    private PosixSpawn() {}

    private static MethodHandle handle(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError(name)), fd);
    }

    /**
     * Starts {@code program} with {@code argv} (argv[0] included) and exactly {@code env}. When this
     * returns, the child has exec'd: a failing exec is a failure here, never a child.
     *
     * @param program absolute path of the program; nothing is searched
     * @param cwd absolute
     * @param output absolute; created 0644 if missing, opened O_APPEND
     * @return the child's pid
     * @throws SpawnFailure with the C library's text for the error number, e.g. "Exec format error"
     */
    static int spawn(Path program, List<String> argv, Map<String, String> env, Path cwd, Path output, boolean newSession)
            throws SpawnFailure {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment path = cString(arena, program.toString(), "program");
            MemorySegment argvC = cArray(arena, argv, "argv");
            MemorySegment envC = cArray(arena, environ(env), "env");
            MemorySegment attr = arena.allocate(ATTR_SIZE, 16);
            MemorySegment actions = arena.allocate(ACTIONS_SIZE, 16);
            MemorySegment pid = arena.allocate(INT);
            check("posix_spawnattr_init", call(ATTR_INIT, attr));
            try {
                check("posix_spawn_file_actions_init", call(ACTIONS_INIT, actions));
                try {
                    signals(arena, attr, newSession);
                    files(arena, actions, cwd, output);
                    int rc = call(SPAWN, pid, path, actions, attr, argvC, envC);
                    if (rc != 0) throw new SpawnFailure(program + ": " + Libc.strerror(rc), rc);
                    return pid.get(INT, 0);
                } finally {
                    call(ACTIONS_DESTROY, actions);
                }
            } finally {
                call(ATTR_DESTROY, attr);
            }
        }
    }

    /**
     * The JVM blocks and ignores signals of its own, and a spawned child would inherit both through
     * exec; an empty mask and every signal back to its default undo that.
     *
     * <p>"Every" is all 64 bits, not {@code sigfillset}: that leaves out glibc's internal signals
     * 32 and 33, which glibc's spawn then sets to SIG_IGN in the child, and SIG_IGN survives exec
     * (the JDK's own children show {@code SigIgn: 0000000180000000}). Defaulting them is safe: they
     * are only ever sent to the parent's threads, and the child execs right after.
     */
    private static void signals(Arena arena, MemorySegment attr, boolean newSession) throws SpawnFailure {
        MemorySegment none = arena.allocate(SIGSET_SIZE, 8);
        MemorySegment all = arena.allocate(SIGSET_SIZE, 8).fill((byte) 0xff);
        check("sigemptyset", call(SIGEMPTYSET, none));
        check("posix_spawnattr_setsigmask", call(SET_SIGMASK, attr, none));
        check("posix_spawnattr_setsigdefault", call(SET_SIGDEFAULT, attr, all));
        short flags = (short) (POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | (newSession ? POSIX_SPAWN_SETSID : 0));
        check("posix_spawnattr_setflags", call(SET_FLAGS, attr, flags));
    }

    /**
     * No O_CLOEXEC on these opens: glibc closes the target fd and then opens, so the open lands on
     * that very fd, and with O_CLOEXEC exec would close the child's stdout again. Nothing else the
     * JVM or a library holds open leaks into a service: {@code closefrom(3)} runs before exec, as
     * the JDK's own launcher does.
     */
    private static void files(Arena arena, MemorySegment actions, Path cwd, Path output) throws SpawnFailure {
        check("addopen /dev/null", call(ADD_OPEN, actions, 0, arena.allocateFrom("/dev/null"), O_RDONLY, 0));
        MemorySegment out = cString(arena, output.toString(), "output");
        check("addopen " + output, call(ADD_OPEN, actions, 1, out, O_WRONLY | O_APPEND | O_CREAT, MODE_0644));
        check("adddup2", call(ADD_DUP2, actions, 1, 2));
        check("addclosefrom_np", call(ADD_CLOSEFROM, actions, 3));
        check("addchdir_np", call(ADD_CHDIR, actions, cString(arena, cwd.toString(), "cwd")));
    }

    private static List<String> environ(Map<String, String> env) throws SpawnFailure {
        for (String key : env.keySet()) {
            if (key.isEmpty() || key.indexOf('=') >= 0) throw new SpawnFailure("env: invalid variable name '" + key + "'", 0);
        }
        return env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    /** A NULL-terminated array of C strings. */
    private static MemorySegment cArray(Arena arena, List<String> strings, String what) throws SpawnFailure {
        MemorySegment array = arena.allocate(PTR, strings.size() + 1L); // zeroed: the last slot is NULL
        for (int i = 0; i < strings.size(); i++) {
            array.setAtIndex(ValueLayout.ADDRESS, i, cString(arena, strings.get(i), what));
        }
        return array;
    }

    private static MemorySegment cString(Arena arena, String s, String what) throws SpawnFailure {
        if (s.indexOf('\0') >= 0) throw new SpawnFailure(what + ": contains a NUL character: " + s.replace('\0', '?'), 0);
        return arena.allocateFrom(s);
    }

    private static void check(String what, int rc) throws SpawnFailure {
        if (rc != 0) throw new SpawnFailure(what + " failed: " + Libc.strerror(rc), rc);
    }

    /** All these calls return an int; boxing through invokeWithArguments costs nothing next to a fork. */
    private static int call(MethodHandle handle, Object... args) {
        try {
            return (int) handle.invokeWithArguments(args);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
