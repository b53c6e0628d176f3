package dev.vigil.engine.os;

import static org.junit.jupiter.api.Assertions.*;

import dev.vigil.engine.os.Spawner.Child;
import dev.vigil.engine.os.Spawner.Exit;
import dev.vigil.engine.os.Spawner.SpawnSpec;
import java.io.FileInputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a child started by {@link PosixSpawn} sees: files, environment, cwd, session, signals. */
class PosixSpawnTest {

    private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin");

    @TempDir
    Path dir;

    private final Spawner spawner = new Spawner();
    private final List<Child> spawned = new ArrayList<>();

    @AfterEach
    void killAndClose() throws Exception {
        for (Child c : spawned) {
            if (!c.onExit().isDone()) Libc.kill(c.pid(), 9);
        }
        for (Child c : spawned) c.onExit().get(30, TimeUnit.SECONDS);
        spawner.close();
    }

    private Child spawn(SpawnSpec spec) throws Exception {
        Child c = spawner.spawn(spec);
        spawned.add(c);
        return c;
    }

    private SpawnSpec spec(boolean newSession, String... argv) {
        return new SpawnSpec(List.of(argv), dir, ENV, dir.resolve("out.log"), newSession);
    }

    /** Runs to the end and returns the output file's lines. */
    private List<String> run(SpawnSpec spec) throws Exception {
        assertEquals(new Exit.Exited(0), spawn(spec).onExit().get(30, TimeUnit.SECONDS));
        return Files.readAllLines(spec.output());
    }

    @Test
    void stdoutAndStderr_areAppendedToTheOutputInOrder() throws Exception {
        Files.writeString(dir.resolve("out.log"), "zero\n");
        List<String> lines = run(spec(true, "sh", "-c", "echo one; echo two >&2; echo three"));
        assertEquals(List.of("zero", "one", "two", "three"), lines);
    }

    @Test
    void stdin_isDevNull() throws Exception {
        assertEquals(List.of("/dev/null"), run(spec(true, "readlink", "/proc/self/fd/0")));
    }

    @Test
    void env_isExactlyTheGivenOne_nothingInherited() throws Exception {
        SpawnSpec spec = new SpawnSpec(List.of("env"), dir, Map.of("PATH", "/usr/bin:/bin", "GREETING", "hi there"),
                dir.resolve("out.log"), true);
        assertEquals(Set.of("PATH=/usr/bin:/bin", "GREETING=hi there"), Set.copyOf(run(spec)));
    }

    @Test
    void cwd_isHonoured_andAProgramWithASlashResolvesAgainstIt() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work/bin"));
        Path script = work.resolve("where.sh");
        Files.writeString(script, "#!/bin/sh\npwd\n");
        assertTrue(script.toFile().setExecutable(true));
        SpawnSpec spec = new SpawnSpec(List.of("./bin/where.sh"), dir.resolve("work"), ENV, dir.resolve("out.log"), true);
        assertEquals(List.of(dir.resolve("work").toRealPath().toString()), run(spec));
    }

    @Test
    void newSession_makesTheChildLeaderOfItsSessionAndGroup() throws Exception {
        Child c = spawn(spec(true, "sleep", "1000"));
        String[] stat = stat(c.pid());
        assertEquals(String.valueOf(c.pid()), stat[2], "pgid");
        assertEquals(String.valueOf(c.pid()), stat[3], "sid");
    }

    @Test
    void withoutNewSession_theChildStaysInOurGroupAndSession() throws Exception {
        Child c = spawn(spec(false, "sleep", "1000"));
        String[] ours = stat(ProcessHandle.current().pid());
        String[] its = stat(c.pid());
        assertEquals(ours[2], its[2], "pgid");
        assertEquals(ours[3], its[3], "sid");
    }

    /** Fields after "pid (comm)": state, ppid, pgrp, session. */
    static String[] stat(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    /**
     * The spawning thread blocks SIGWINCH and the JVM ignores SIGTTOU while it spawns; the child
     * must have neither: exec keeps both, so only posix_spawn's SETSIGMASK and SETSIGDEF reset them.
     */
    @Test
    void signals_areNeitherBlockedNorIgnoredInTheChild() throws Throwable {
        SpawnSpec spec = spec(true, "grep", "-E", "^Sig(Blk|Ign)", "/proc/self/status");
        AtomicReference<Object> result = new AtomicReference<>();
        MemorySegment previous = Signals.ignore(Signals.SIGTTOU);
        try {
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    Signals.block(Signals.SIGWINCH);
                    result.set(spawn(spec));
                } catch (Throwable e) {
                    result.set(e);
                }
            });
            t.join();
        } finally {
            Signals.restore(Signals.SIGTTOU, previous);
        }
        if (result.get() instanceof Throwable e) throw new AssertionError(e);
        assertEquals(new Exit.Exited(0), ((Child) result.get()).onExit().get(30, TimeUnit.SECONDS));
        assertEquals(List.of("SigBlk:\t0000000000000000", "SigIgn:\t0000000000000000"), Files.readAllLines(spec.output()));
    }

    @Test
    void descriptorsOfTheJvm_areNotInherited() throws Exception {
        Path held = Files.writeString(dir.resolve("held.txt"), "x");
        try (FileInputStream in = new FileInputStream(held.toFile())) {
            List<String> fds = run(spec(true, "ls", "/proc/self/fd"));
            // ls itself holds 3, the directory it lists.
            assertEquals(Set.of("0", "1", "2", "3"), fds.stream().collect(Collectors.toSet()));
        }
    }

    /** Blocking and ignoring signals in this JVM, to prove the child gets neither. */
    private static final class Signals {
        static final int SIGWINCH = 28;
        static final int SIGTTOU = 22;
        private static final Linker LINKER = Linker.nativeLinker();
        private static final MethodHandle SIGEMPTYSET = find("sigemptyset", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        private static final MethodHandle SIGADDSET = find("sigaddset",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        private static final MethodHandle PTHREAD_SIGMASK = find("pthread_sigmask",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        private static final MethodHandle SIGNAL = find("signal",
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));

        private static MethodHandle find(String name, FunctionDescriptor fd) {
            return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), fd);
        }

        /** Blocks {@code signal} in the calling thread only. */
        static void block(int signal) throws Throwable {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment set = a.allocate(128, 8);
                assertEquals(0, (int) SIGEMPTYSET.invokeExact(set));
                assertEquals(0, (int) SIGADDSET.invokeExact(set, signal));
                assertEquals(0, (int) PTHREAD_SIGMASK.invokeExact(0 /* SIG_BLOCK */, set, MemorySegment.NULL));
            }
        }

        /** Sets {@code signal} to SIG_IGN in the whole JVM; returns the previous handler. */
        static MemorySegment ignore(int signal) throws Throwable {
            return (MemorySegment) SIGNAL.invokeExact(signal, MemorySegment.ofAddress(1) /* SIG_IGN */);
        }

        static void restore(int signal, MemorySegment previous) throws Throwable {
            MemorySegment ignored = (MemorySegment) SIGNAL.invokeExact(signal, previous);
        }
    }
}
