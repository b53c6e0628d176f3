package dev.vigil.engine.os;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.vigil.engine.os.Spawner.Child;
import dev.vigil.engine.os.Spawner.Exit;
import dev.vigil.engine.os.Spawner.SpawnFailure;
import dev.vigil.engine.os.Spawner.SpawnSpec;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spawning and reaping real processes: exit statuses, failures, many children, one thread. */
class SpawnerTest {

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
        for (Child c : spawned) c.onExit().exceptionally(e -> null).get(30, TimeUnit.SECONDS);
        spawner.close();
    }

    private Child spawn(String... argv) throws SpawnFailure {
        Child c = spawner.spawn(spec(argv));
        synchronized (spawned) {
            spawned.add(c);
        }
        return c;
    }

    private SpawnSpec spec(String... argv) {
        return new SpawnSpec(List.of(argv), dir, ENV, dir.resolve("out.log"), true);
    }

    private static Exit exitOf(Child c) throws Exception {
        return c.onExit().get(30, TimeUnit.SECONDS);
    }

    @Test
    void exitCodes_areReportedExactly() throws Exception {
        assertEquals(new Exit.Exited(0), exitOf(spawn("true")));
        assertEquals(new Exit.Exited(3), exitOf(spawn("sh", "-c", "exit 3")));
    }

    @Test
    void sigkill_isASignal_whileExit137IsACode() throws Exception {
        Child sleeper = spawn("sleep", "1000");
        assertEquals(0, Libc.kill(sleeper.pid(), 9));
        assertEquals(new Exit.Killed(9, false), exitOf(sleeper));
        assertEquals(new Exit.Exited(137), exitOf(spawn("sh", "-c", "exit 137")));
    }

    @Test
    void death_isPushedByTheWatcherThread() throws Exception {
        Child c = spawn("sleep", "1000");
        AtomicReference<String> completer = new AtomicReference<>();
        CompletableFuture<Exit> seen = c.onExit().whenComplete((e, t) -> completer.set(Thread.currentThread().getName()));
        assertFalse(seen.isDone());
        Libc.kill(c.pid(), 15);
        assertEquals(new Exit.Killed(15, false), seen.get(30, TimeUnit.SECONDS));
        // Completed from poll(2) on the pidfd, not by a caller's get() or a timer.
        assertEquals("vigil-pidfd", completer.get());
    }

    @Test
    void missingProgram_isAFailureNamingIt() {
        SpawnFailure onPath = assertThrows(SpawnFailure.class, () -> spawn("no-such-program-xyz"));
        assertEquals("no-such-program-xyz: command not found on PATH", onPath.getMessage());
        SpawnFailure absolute = assertThrows(SpawnFailure.class, () -> spawn("/nonexistent/prog"));
        assertEquals("/nonexistent/prog: no such file", absolute.getMessage());
        SpawnFailure relative = assertThrows(SpawnFailure.class, () -> spawn("./missing.sh"));
        assertEquals(dir.resolve("missing.sh") + ": no such file", relative.getMessage());
    }

    @Test
    void programWithoutExecuteBit_isAFailure() throws Exception {
        Path script = Files.writeString(dir.resolve("plain.sh"), "#!/bin/sh\n");
        SpawnFailure e = assertThrows(SpawnFailure.class, () -> spawn(script.toString()));
        assertEquals(script + ": permission denied (not executable)", e.getMessage());
    }

    @Test
    void missingCwdOrOutputDirectory_isAFailure() {
        SpawnSpec badCwd = new SpawnSpec(List.of("true"), dir.resolve("nope"), ENV, dir.resolve("out.log"), true);
        SpawnFailure cwd = assertThrows(SpawnFailure.class, () -> spawner.spawn(badCwd));
        assertEquals("cwd " + dir.resolve("nope") + ": no such directory", cwd.getMessage());
        SpawnSpec badOut = new SpawnSpec(List.of("true"), dir, ENV, dir.resolve("logs/out.log"), true);
        SpawnFailure out = assertThrows(SpawnFailure.class, () -> spawner.spawn(badOut));
        assertTrue(out.getMessage().startsWith("output " + dir.resolve("logs/out.log") + ": no such directory"), out.getMessage());
    }

    @Test
    void execFailure_carriesTheCLibraryText_andLeavesNoChild() throws Exception {
        Path garbage = Files.write(dir.resolve("garbage"), new byte[] {0, 1, 2, 3, 4, 5, 6, 7});
        assertTrue(garbage.toFile().setExecutable(true));
        SpawnFailure e = assertThrows(SpawnFailure.class, () -> spawn(garbage.toString()));
        assertEquals(garbage + ": Exec format error", e.getMessage());
        assertEquals(8, e.errno()); // ENOEXEC
        assertEquals(Set.of(), spawner.children());
    }

    @Test
    void children_areTheSpawnedPidsNotReapedYet() throws Exception {
        Child alive = spawn("sleep", "1000");
        Child done = spawn("true");
        exitOf(done);
        assertEquals(Set.of(alive.pid()), spawner.children());
        Libc.kill(alive.pid(), 9);
        exitOf(alive);
        assertEquals(Set.of(), spawner.children());
    }

    @Test
    void twoHundredChildren_killedConcurrently_areEachReportedOnce_andLeaveNoZombieNorPidfd() throws Exception {
        long pidfdsBefore = openPidfds();
        Map<Long, AtomicInteger> reports = new ConcurrentHashMap<>();
        List<CompletableFuture<Exit>> exits = new ArrayList<>();
        List<Child> children = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Callable<Child>> spawns = new ArrayList<>();
            for (int i = 0; i < 200; i++) spawns.add(() -> spawn("sleep", "1000"));
            for (Future<Child> f : pool.invokeAll(spawns)) children.add(f.get());
            Set<Long> pids = new HashSet<>();
            for (Child c : children) {
                pids.add(c.pid());
                exits.add(c.onExit().whenComplete((e, t) ->
                        reports.computeIfAbsent(c.pid(), p -> new AtomicInteger()).incrementAndGet()));
            }
            assertEquals(pids, spawner.children());
            List<Callable<Integer>> kills = children.stream().map(c -> (Callable<Integer>) () -> Libc.kill(c.pid(), 9)).toList();
            for (Future<Integer> rc : pool.invokeAll(kills)) assertEquals(0, rc.get());
            CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            for (CompletableFuture<Exit> e : exits) assertEquals(new Exit.Killed(9, false), e.get());
            assertEquals(pids, reports.keySet());
            reports.forEach((pid, n) -> assertEquals(1, n.get(), "reports for " + pid));
            assertEquals(Set.of(), spawner.children());
            Set<Long> zombies = ProcessTable.zombieChildrenOf(ProcessHandle.current().pid());
            zombies.retainAll(pids);
            assertEquals(Set.of(), zombies);
            assertEquals(pidfdsBefore, openPidfds());
        }
    }

    @Test
    void threads_doNotGrowWithTheNumberOfChildren() throws Exception {
        int before = ManagementFactory.getThreadMXBean().getThreadCount();
        for (int i = 0; i < 100; i++) spawn("sleep", "1000");
        int after = ManagementFactory.getThreadMXBean().getThreadCount();
        assertTrue(after - before <= 3, "threads before " + before + ", after 100 children " + after);
    }

    @Test
    void reapOrphans_reapsAZombieReparentedToUs_andNoSpawnedChild() throws Exception {
        Libc.setChildSubreaper();
        Child parent = spawn("sh", "-c", "sleep 0 & echo $!");
        Child sleeper = spawn("sleep", "1000");
        assertEquals(new Exit.Exited(0), exitOf(parent));
        long orphan = Long.parseLong(Files.readAllLines(dir.resolve("out.log")).getFirst());
        long self = ProcessHandle.current().pid();
        await().atMost(Duration.ofSeconds(30)).until(() -> ProcessTable.zombieChildrenOf(self).contains(orphan));
        assertTrue(spawner.reapOrphans().contains(orphan));
        assertFalse(Files.exists(Path.of("/proc/" + orphan)));
        assertEquals(Set.of(sleeper.pid()), spawner.children());
        assertEquals(0, Libc.kill(sleeper.pid(), 0));
    }

    @Test
    void aSharedWatcher_keepsWatchingOtherProcesses_andOutlivesTheSpawner() throws Exception {
        try (PidfdWatcher shared = new PidfdWatcher()) {
            Spawner first = new Spawner(shared);
            Child parent = first.spawn(spec("sh", "-c", "sleep 1000 & echo $!; wait"));
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readAllLines(dir.resolve("out.log")).size() == 1);
            long grandchild = Long.parseLong(Files.readAllLines(dir.resolve("out.log")).getFirst());
            CompletableFuture<Void> gone = shared.whenGone(grandchild);
            Libc.kill(grandchild, 9);
            gone.get(30, TimeUnit.SECONDS);
            assertEquals(new Exit.Exited(0), exitOf(parent));
            first.close();

            Spawner second = new Spawner(shared);
            Child c = second.spawn(spec("sh", "-c", "exit 5"));
            assertEquals(new Exit.Exited(5), exitOf(c));
            second.close();
        }
    }

    @Test
    void close_stopsItsThread_butLeavesChildrenRunning() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        Spawner own = new Spawner();
        Thread watcher = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.getName().equals("vigil-pidfd"))
                .findFirst()
                .orElseThrow();
        Child c = own.spawn(spec("sleep", "1000"));
        own.close();
        await().atMost(Duration.ofSeconds(30)).until(() -> !watcher.isAlive());
        assertThrows(IllegalStateException.class, () -> own.spawn(spec("true")));
        assertNotEquals("Z", PosixSpawnTest.stat(c.pid())[0]);
        assertEquals(0, Libc.kill(c.pid(), 9));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(Libc.SIGINFO_SIZE, 8);
            // Nobody reaped it for us: its status is still here to take.
            assertEquals(0, Libc.waitid(Libc.P_PID, (int) c.pid(), info, Libc.WEXITED));
            assertEquals(Libc.CLD_KILLED, info.get(ValueLayout.JAVA_INT, 8));
            assertEquals(9, info.get(ValueLayout.JAVA_INT, 24));
        }
        assertFalse(c.onExit().isDone());
    }

    private static long openPidfds() throws IOException {
        long n = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).toString().equals("anon_inode:[pidfd]")) n++;
                } catch (IOException gone) {
                    // closed while listed
                }
            }
        }
        return n;
    }
}
