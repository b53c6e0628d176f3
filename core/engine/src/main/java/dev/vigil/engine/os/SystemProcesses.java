package dev.vigil.engine.os;

import dev.vigil.engine.model.ExitStatus;
import dev.vigil.engine.supervise.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real processes, s6-style: vigil's own {@link Spawner} starts each child with {@code posix_spawn}
 * in a session (and process group) of its own, with stdout and stderr appended (O_APPEND) straight
 * to the child's log file: vigil holds no pipe, so a service outlives vigil's death and
 * copy-truncate rotation is safe. One thread in {@code poll(2)} over pidfds learns of every death
 * and reaps it with {@code waitid}, exit code and signal told apart exactly.
 *
 * <p>vigil is a child subreaper, so orphaned descendants become its children: they are reaped by
 * their own pid only, never with {@code waitpid(-1)}.
 */
public final class SystemProcesses implements Processes, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SystemProcesses.class);
    private final PidfdWatcher pidfds = new PidfdWatcher();
    private final Spawner spawner = new Spawner(pidfds);
    private final AtomicBoolean sweepQueued = new AtomicBoolean();
    private final ExecutorService sweeper = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon().name("vigil-reaper").unstarted(r));

    public SystemProcesses() {
        if (Libc.setChildSubreaper() != 0) {
            LOG.warn("prctl(PR_SET_CHILD_SUBREAPER) failed, errno {}: orphans go to init", Libc.lastErrno());
        }
    }

    /** The spawner, shared with exec probes so that every child of vigil is known to one reaper. */
    public Spawner spawner() {
        return spawner;
    }

    @Override
    public Spawned spawn(SpawnRequest req) throws SpawnException {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("NOTIFY_SOCKET"); // vigil's own, if it runs under systemd: never the child's
        env.putAll(req.env());
        env.put("VIGIL_SERVICE", req.service());
        env.put("VIGIL_CHILD", req.child());
        env.put("VIGIL_INSTANCE", req.instance());
        try {
            Files.createDirectories(req.logFile().getParent());
            Spawner.Child c = spawner.spawn(new Spawner.SpawnSpec(req.command(), req.cwd(), env, req.logFile(), true));
            CompletableFuture<ExitStatus> exit = c.onExit().handle((e, err) -> {
                if (sweepQueued.compareAndSet(false, true)) sweeper.execute(this::sweepOrphans); // off the death-to-event path
                if (err != null) return ExitStatus.unknown();
                return switch (e) {
                    case Spawner.Exit.Exited x -> new ExitStatus(x.code(), 0);
                    case Spawner.Exit.Killed k -> new ExitStatus(128 + k.signal(), k.signal());
                };
            });
            return new Child(c.pid(), exit);
        } catch (Spawner.SpawnFailure | IOException e) {
            throw new SpawnException(e.getMessage());
        }
    }

    private record Child(long pid, CompletableFuture<ExitStatus> onExit) implements Spawned {}

    @Override
    public Set<Long> signal(List<Spawned> groups, String instancePrefix, int signal) {
        Set<Long> own = new HashSet<>();
        for (Spawned g : groups) {
            own.add(g.pid());
            if (Libc.kill(-g.pid(), signal) != 0) {
                // No such group: an adopted process that does not lead one. Signal it alone.
                if (Libc.lastErrno() == Libc.ESRCH) Libc.kill(g.pid(), signal);
                else LOG.warn("kill(-{}, {}) failed, errno {}", g.pid(), signal, Libc.lastErrno());
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
    public Set<Long> killLeftovers(long deadChild, String instancePrefix) {
        // Found before the kill, while their environment is still readable: the caller watches (and so
        // reaps) each one, group members that were reparented to vigil included.
        Set<Long> known = spawner.children();
        Set<Long> orphans = new HashSet<>();
        for (long pid : ProcessTable.childrenOfSelf()) {
            if (!known.contains(pid) && ProcessTable.hasInstancePrefix(pid, instancePrefix)) orphans.add(pid);
        }
        Libc.kill(-deadChild, SIGKILL);
        orphans.forEach(pid -> Libc.kill(pid, SIGKILL));
        return orphans;
    }

    @Override
    public OptionalLong listenerOn(int port) {
        return PortOwner.listenerOn(port).filter(l -> l.pid() > 0).map(l -> OptionalLong.of(l.pid())).orElse(OptionalLong.empty());
    }

    @Override
    public Map<Long, String> instances(String prefix) {
        return ProcessTable.instancesWithPrefix(prefix);
    }

    @Override
    public Optional<ProcessIdentity> identify(long pid) {
        return ProcessIdentity.of(pid);
    }

    @Override
    public Spawned adopt(long pid) {
        return new Child(pid, pidfds.whenGone(pid).thenApply(v -> ExitStatus.unknown()));
    }

    @Override
    public CompletableFuture<Void> whenGone(long pid) {
        if (spawner.children().contains(pid)) return new CompletableFuture<>(); // never: its own onExit tells
        return pidfds.whenGone(pid);
    }

    /**
     * Reaps zombies that were reparented to vigil and that nobody watches (a daemon's intermediate
     * fork, a grandchild that exited on its own). Runs after each child exit, not on a timer.
     */
    private void sweepOrphans() {
        sweepQueued.set(false);
        spawner.reapOrphans();
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        spawner.close();
        pidfds.close();
    }
}
