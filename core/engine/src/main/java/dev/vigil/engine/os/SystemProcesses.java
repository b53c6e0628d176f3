package dev.vigil.engine.os;

import dev.vigil.engine.model.ExitStatus;
import dev.vigil.engine.supervise.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real processes. Each child is started through {@code setsid(1)}, which calls {@code setsid()} and
 * execs in place (the JDK's child is never a group leader), so the pid stays the service's and the
 * child leads a process group of its own. stdout and stderr are appended (O_APPEND) straight to the
 * child's log file: vigil holds no pipe, so a service outlives vigil's death and copy-truncate
 * rotation is safe.
 *
 * <p>Death of a spawned child is pushed by {@code Process.onExit()}; death of any other process by
 * a pidfd ({@link PidfdWatcher}). vigil is a child subreaper, so orphaned descendants become its
 * children: they are reaped by their own pid only, never with {@code waitpid(-1)}, which would steal
 * exit statuses from the JDK's reaper.
 */
public final class SystemProcesses implements Processes, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SystemProcesses.class);
    private final PidfdWatcher pidfds = new PidfdWatcher();
    private final Set<Long> spawned = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean sweepQueued = new AtomicBoolean();
    private final ReentrantReadWriteLock spawning = new ReentrantReadWriteLock();
    private final ExecutorService sweeper = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon().name("vigil-reaper").unstarted(r));
    private final String setsid;

    public SystemProcesses() {
        this.setsid = Executables.find("setsid", System.getenv("PATH"), Path.of("/"))
                .orElseThrow(() -> new IllegalStateException("setsid(1) not found on PATH (Debian package util-linux)"))
                .toString();
        if (Libc.setChildSubreaper() != 0) {
            LOG.warn("prctl(PR_SET_CHILD_SUBREAPER) failed, errno {}: orphans go to init", Libc.lastErrno());
        }
    }

    @Override
    public Spawned spawn(SpawnRequest req) throws SpawnException {
        if (!Files.isDirectory(req.cwd())) throw new SpawnException("cwd " + req.cwd() + ": no such directory");
        String path = req.env().getOrDefault("PATH", System.getenv("PATH"));
        Path exe = Executables.resolve(req.command().getFirst(), path, req.cwd());
        List<String> argv = new ArrayList<>(req.command().size() + 2);
        argv.add(setsid);
        argv.add(exe.toString());
        argv.addAll(req.command().subList(1, req.command().size()));
        ProcessBuilder pb = new ProcessBuilder(argv).directory(req.cwd().toFile());
        Map<String, String> env = pb.environment();
        env.putAll(req.env());
        env.put("VIGIL_SERVICE", req.service());
        env.put("VIGIL_CHILD", req.child());
        env.put("VIGIL_INSTANCE", req.instance());
        pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        try {
            Files.createDirectories(req.logFile().getParent());
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(req.logFile().toFile()));
            pb.redirectErrorStream(true);
            Process p;
            // The sweep must never reap a child of ours that the JDK has not registered yet.
            spawning.readLock().lock();
            try {
                p = pb.start();
                spawned.add(p.pid());
            } finally {
                spawning.readLock().unlock();
            }
            CompletableFuture<ExitStatus> exit = p.onExit().thenApply(done -> {
                spawned.remove(done.pid());
                if (sweepQueued.compareAndSet(false, true)) sweeper.execute(this::sweepOrphans); // off the death-to-event path
                return ExitStatus.fromJdk(done.exitValue());
            });
            return new Child(p.pid(), exit);
        } catch (IOException e) {
            throw new SpawnException(e.getMessage());
        }
    }

    private record Child(long pid, CompletableFuture<ExitStatus> onExit) implements Spawned {}

    @Override
    public Set<Long> signal(List<Spawned> groups, String instancePrefix, int signal) {
        Set<Long> own = new HashSet<>();
        for (Spawned g : groups) {
            own.add(g.pid());
            if (Libc.kill(-g.pid(), signal) != 0 && Libc.lastErrno() != Libc.ESRCH) {
                LOG.warn("kill(-{}, {}) failed, errno {}", g.pid(), signal, Libc.lastErrno());
            }
        }
        Set<Long> others = new HashSet<>();
        for (Long pid : ProcessTable.withInstancePrefix(instancePrefix)) {
            if (own.contains(pid)) continue;
            others.add(pid);
            Libc.kill(pid, signal);
        }
        return others;
    }

    @Override
    public CompletableFuture<Void> whenGone(long pid) {
        return pidfds.whenGone(pid);
    }

    /**
     * Reaps zombies that were reparented to vigil and that nobody watches (a daemon's intermediate
     * fork, a grandchild that exited on its own). Runs after each child exit, not on a timer.
     */
    private void sweepOrphans() {
        sweepQueued.set(false);
        spawning.writeLock().lock();
        try {
            for (long pid : ProcessTable.unknownZombieChildren(spawned)) Libc.reap(pid);
        } finally {
            spawning.writeLock().unlock();
        }
    }

    @Override
    public void close() {
        pidfds.close();
        sweeper.shutdownNow();
    }
}
