package dev.vigil.engine.supervise;

import dev.vigil.engine.model.ExitStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** Processes that exist only in memory; a test decides when they exit. */
final class FakeProcesses implements Processes {

    final List<SpawnRequest> spawns = new ArrayList<>();
    final List<String> signals = new ArrayList<>();
    final Map<Long, FakeChild> alive = new ConcurrentHashMap<>();
    final Set<String> unspawnable = new HashSet<>();
    /** Whether SIGTERM ends a process (false: it ignores SIGTERM). */
    boolean termKills = true;
    private long nextPid = 1000;

    record FakeChild(long pid, String child, CompletableFuture<ExitStatus> onExit) implements Spawned {}

    @Override
    public Spawned spawn(SpawnRequest request) throws SpawnException {
        if (unspawnable.contains(request.command().getFirst())) {
            throw new SpawnException(request.command().getFirst() + ": command not found on PATH");
        }
        spawns.add(request);
        FakeChild c = new FakeChild(nextPid++, request.child(), new CompletableFuture<>());
        alive.put(c.pid(), c);
        instances.put(c.pid(), request.instance());
        return c;
    }

    @Override
    public Set<Long> signal(List<Spawned> groups, String instancePrefix, int signal) {
        Set<Long> own = new HashSet<>();
        for (Spawned g : groups) {
            own.add(g.pid());
            signals.add(signal + ":" + g.pid());
            if (signal == SIGKILL || termKills) exit(g.pid(), ExitStatus.fromJdk(128 + signal));
        }
        // Like the real one: every other live process that carries the instance prefix.
        Set<Long> others = new HashSet<>();
        instances.forEach((pid, inst) -> {
            if (!own.contains(pid) && alive.containsKey(pid) && inst.startsWith(instancePrefix)) others.add(pid);
        });
        for (long pid : others) {
            signals.add(signal + ":" + pid);
            if (signal == SIGKILL || termKills) exit(pid, ExitStatus.fromJdk(128 + signal));
        }
        return others;
    }

    @Override
    public Set<Long> killLeftovers(long deadChild, String instancePrefix) {
        signals.add("leftovers:" + deadChild);
        return Set.of();
    }

    @Override
    public java.util.OptionalLong listenerOn(int port) {
        return java.util.OptionalLong.empty();
    }

    /** Fake identities: a live pid started at {@code pid * 10} ticks, unless a test says otherwise. */
    final Map<Long, Long> startTicks = new ConcurrentHashMap<>();

    /** VIGIL_INSTANCE of the processes spawned here, by pid. */
    final Map<Long, String> instances = new ConcurrentHashMap<>();

    @Override
    public Map<Long, String> instances(String prefix) {
        Map<Long, String> live = new java.util.HashMap<>();
        instances.forEach((pid, inst) -> {
            if (alive.containsKey(pid) && inst.startsWith(prefix)) live.put(pid, inst);
        });
        return live;
    }

    @Override
    public java.util.Optional<dev.vigil.engine.os.ProcessIdentity> identify(long pid) {
        if (!alive.containsKey(pid)) return java.util.Optional.empty();
        return java.util.Optional.of(new dev.vigil.engine.os.ProcessIdentity(pid, startTicks.getOrDefault(pid, pid * 10), "fake-boot"));
    }

    /** A process that is not ours with {@code pid} (a stranger that reused it), as a test sets it up. */
    void survivor(long pid) {
        instances.remove(pid); // a stranger: not one of ours
        alive.put(pid, new FakeChild(pid, "survivor", new CompletableFuture<>()));
    }

    @Override
    public Spawned adopt(long pid) {
        FakeChild c = new FakeChild(pid, "adopted", new CompletableFuture<>());
        alive.put(pid, c);
        return c;
    }

    @Override
    public CompletableFuture<Void> whenGone(long pid) {
        return CompletableFuture.completedFuture(null);
    }

    void exit(long pid, ExitStatus status) {
        FakeChild c = alive.remove(pid);
        if (c != null) c.onExit().complete(status);
    }

    /** The pid of the only live process, failing if there is not exactly one. */
    long onlyPid() {
        if (alive.size() != 1) throw new AssertionError("expected one live process, got " + alive.keySet());
        return alive.keySet().iterator().next();
    }
}
