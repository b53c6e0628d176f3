package dev.vigil.engine.os;

import dev.vigil.engine.supervise.Processes.SpawnException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spawns children with glibc's {@code posix_spawn} and reaps them itself, s6-style: a pidfd per
 * child, one thread in {@code poll(2)} over all of them (the {@link PidfdWatcher}'s), and
 * {@code waitid(P_PIDFD)} when one turns readable. So a thousand children cost one thread, not the
 * JDK's reaper thread each, and a death says exactly whether the child exited or was killed.
 *
 * <p>Thread-safe. {@link Child#onExit()} completes on the watcher thread, after the child has been
 * reaped and left {@link #children()}: callbacks must only hand off. Nothing here reaps by
 * {@code waitpid(-1)}; {@link #reapOrphans()} reaps other zombies by their own pid, never a child
 * spawned here.
 */
public final class Spawner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Spawner.class);
    /** What execvp searches when the environment has no PATH (glibc's {@code _CS_PATH}). */
    private static final String DEFAULT_PATH = "/bin:/usr/bin";
    private static final long SI_CODE = 8;
    private static final long SI_PID = 16;
    private static final long SI_STATUS = 24;

    private final PidfdWatcher watcher;
    private final boolean ownsWatcher;
    private final Map<Long, Running> running = new ConcurrentHashMap<>();
    // Read: a spawn, from posix_spawn until the child is in `running`. Write: an orphan sweep, which
    // must not see a zombie of ours that is not registered yet (or one glibc is reaping after a failed exec).
    private final ReentrantReadWriteLock spawning = new ReentrantReadWriteLock();
    private volatile boolean closed;

    /** What to run. {@code env} is the complete environment; {@code output} takes stdout and stderr, appended. */
    public record SpawnSpec(List<String> argv, Path cwd, Map<String, String> env, Path output, boolean newSession) {
        public SpawnSpec {
            argv = List.copyOf(argv);
            env = Map.copyOf(env);
            Objects.requireNonNull(cwd, "cwd");
            Objects.requireNonNull(output, "output");
            if (argv.isEmpty()) throw new IllegalArgumentException("argv is empty");
        }
    }

    /** A spawned child. */
    public interface Child {
        long pid();

        /** Completes once it has exited and been reaped; pushed by the kernel, never polled. */
        CompletableFuture<Exit> onExit();
    }

    /** How a child ended, from {@code waitid}: no 128+N guessing. */
    public sealed interface Exit {
        /** It called {@code exit(code)}. */
        record Exited(int code) implements Exit {}

        /** Signal {@code signal} killed it. */
        record Killed(int signal, boolean coreDumped) implements Exit {}
    }

    /** A child that could not be started; the message is for people. */
    public static final class SpawnFailure extends Exception {
        private final int errno;

        public SpawnFailure(String message, int errno) {
            super(message);
            this.errno = errno;
        }

        /** The error number posix_spawn (or pidfd_open) returned, or 0 when vigil refused before trying. */
        public int errno() {
            return errno;
        }
    }

    /** A spawner with a watcher thread of its own, stopped by {@link #close()}. */
    public Spawner() {
        this(new PidfdWatcher(), true);
    }

    /** A spawner on a shared watcher's thread; {@link #close()} leaves the watcher running. */
    public Spawner(PidfdWatcher watcher) {
        this(watcher, false);
    }

    private Spawner(PidfdWatcher watcher, boolean ownsWatcher) {
        this.watcher = Objects.requireNonNull(watcher);
        this.ownsWatcher = ownsWatcher;
    }

    /**
     * Starts a child. argv[0] is resolved here, like execvp would: as a path (relative to cwd) when
     * it has a slash, else on the env's PATH. When this returns, the child has exec'd.
     *
     * @throws SpawnFailure when it cannot run at all: no cwd, no such program, not executable, no
     *     output directory, or an error number from posix_spawn (e.g. "Exec format error")
     */
    public Child spawn(SpawnSpec spec) throws SpawnFailure {
        if (closed) throw new IllegalStateException("spawner is closed");
        Path cwd = spec.cwd().toAbsolutePath();
        if (!Files.isDirectory(cwd)) throw new SpawnFailure("cwd " + cwd + ": no such directory", 0);
        Path program = program(spec.argv().getFirst(), spec.env().getOrDefault("PATH", DEFAULT_PATH), cwd);
        Path output = spec.output().toAbsolutePath();
        if (!Files.isDirectory(output.getParent())) {
            throw new SpawnFailure("output " + output + ": no such directory " + output.getParent(), 0);
        }
        spawning.readLock().lock();
        try {
            int pid = PosixSpawn.spawn(program, spec.argv(), spec.env(), cwd, output, spec.newSession());
            // Nobody else reaps our children, so the pid cannot have been reused by now.
            int pidfd = Libc.pidfdOpen(pid);
            if (pidfd < 0) {
                int errno = Libc.lastErrno();
                abandon(pid);
                throw new SpawnFailure("pidfd_open for " + program + ": " + Libc.strerror(errno), errno);
            }
            Running child = new Running(pid, new CompletableFuture<>());
            running.put(child.pid(), child); // replaces a reaped namesake whose entry is not removed yet
            watcher.watch(pidfd, fd -> reap(child, fd));
            return child;
        } finally {
            spawning.readLock().unlock();
        }
    }

    private static Path program(String name, String path, Path cwd) throws SpawnFailure {
        try {
            return Executables.resolve(name, path, cwd);
        } catch (SpawnException e) {
            throw new SpawnFailure(e.getMessage(), 0);
        }
    }

    /** A child we cannot watch must not run unsupervised: kill it and reap it at once. */
    private static void abandon(int pid) {
        Libc.kill(pid, 9);
        try (Arena arena = Arena.ofConfined()) {
            Libc.waitid(Libc.P_PID, pid, arena.allocate(Libc.SIGINFO_SIZE, 8), Libc.WEXITED);
        }
    }

    /** On the watcher thread: the child's pidfd is readable, so it is a zombie (or, by a bug elsewhere, gone). */
    private void reap(Running child, int pidfd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(Libc.SIGINFO_SIZE, 8);
            // WNOHANG: the one thread must never block; a readable pidfd means the zombie is there.
            int rc = Libc.waitid(Libc.P_PIDFD, pidfd, info, Libc.WEXITED | Libc.WNOHANG);
            int errno = rc < 0 ? Libc.lastErrno() : 0;
            if ((rc == 0 && info.get(ValueLayout.JAVA_INT, SI_PID) == 0) || errno == Libc.EINTR) {
                LOG.debug("pid {} readable but not waitable yet; watching again", child.pid());
                watcher.watch(pidfd, fd -> reap(child, fd));
                return;
            }
            Libc.close(pidfd);
            running.remove(child.pid(), child);
            if (rc < 0) {
                child.exit().completeExceptionally(new IllegalStateException(
                        "pid " + child.pid() + " was reaped by someone else: " + Libc.strerror(errno)));
            } else {
                try {
                    child.exit().complete(exitOf(info));
                } catch (IllegalStateException e) {
                    child.exit().completeExceptionally(e);
                }
            }
        }
    }

    private static Exit exitOf(MemorySegment siginfo) {
        int code = siginfo.get(ValueLayout.JAVA_INT, SI_CODE);
        int status = siginfo.get(ValueLayout.JAVA_INT, SI_STATUS);
        return switch (code) {
            case Libc.CLD_EXITED -> new Exit.Exited(status);
            case Libc.CLD_KILLED -> new Exit.Killed(status, false);
            case Libc.CLD_DUMPED -> new Exit.Killed(status, true);
            default -> throw new IllegalStateException("waitid(WEXITED) gave si_code " + code);
        };
    }

    /** Pids spawned here and not reaped yet: an orphan reaper must leave these alone. A snapshot. */
    public Set<Long> children() {
        return Set.copyOf(running.keySet());
    }

    /**
     * Reaps, by pid, zombies reparented to this JVM (a child subreaper) that were not spawned here:
     * a daemon's intermediate fork, a grandchild that outlived its parent. Excludes spawns in flight,
     * so it never takes a spawned child's status. Reads the thread-group leader's
     * {@code /proc/self/task/PID/children}, where the kernel puts orphans.
     *
     * @return the pids reaped
     */
    public Set<Long> reapOrphans() {
        Set<Long> reaped = new HashSet<>();
        spawning.writeLock().lock();
        try {
            for (long pid : ProcessTable.unknownZombieChildren(running.keySet())) {
                if (Libc.reap(pid) == pid) reaped.add(pid);
            }
        } finally {
            spawning.writeLock().unlock();
        }
        return reaped;
    }

    /**
     * Stops spawning and, if the watcher is this spawner's own, its thread. Children keep running,
     * unwatched: their futures never complete and nothing reaps them.
     */
    @Override
    public void close() {
        closed = true;
        if (ownsWatcher) watcher.close();
    }

    private record Running(long pid, CompletableFuture<Exit> exit) implements Child {
        /** A copy, so that no caller can complete the real one. */
        @Override
        public CompletableFuture<Exit> onExit() {
            return exit.copy();
        }
    }
}
