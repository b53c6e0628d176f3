package dev.vigil.engine.supervise;

import dev.vigil.engine.model.ExitStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.vigil.engine.os.ProcessIdentity;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The operating system's processes, as the engine needs them. The real one spawns each child in a
 * session of its own with its output appended to a log file; tests may fake it.
 */
public interface Processes {

    /**
     * Spawns a child.
     *
     * @throws SpawnException when it cannot run at all (no such executable, not executable, no such
     *     cwd); the message says which, for people
     */
    Spawned spawn(SpawnRequest request) throws SpawnException;

    /**
     * Sends {@code signal} to the process group of each spawned child and to every process whose
     * {@code VIGIL_INSTANCE} starts with {@code instancePrefix} (descendants that left the group,
     * double-forked daemons included).
     *
     * @return the pids signalled that are not the spawned children themselves (descendants)
     */
    Set<Long> signal(List<Spawned> groups, String instancePrefix, int signal);

    /**
     * After the last child of a service exited on its own: SIGKILLs what is left of its process
     * group and the orphans (reparented to vigil) that carry its instance prefix. Cheap: no scan of
     * all of {@code /proc}.
     *
     * @return the orphans signalled, to be watched until gone
     */
    Set<Long> killLeftovers(long deadChild, String instancePrefix);

    /**
     * A process vigil did not spawn, watched from now on (a pidfd: its death is pushed); its exit
     * status is unknown.
     */
    Spawned adopt(long pid);

    /**
     * Who {@code pid} is now (its start instant and boot), or empty when no such live process
     * exists: compared with a recorded identity, it tells our child from a stranger that reused
     * its pid.
     */
    Optional<ProcessIdentity> identify(long pid);

    /**
     * Every live process whose {@code VIGIL_INSTANCE} starts with {@code prefix}, with that
     * {@code VIGIL_INSTANCE}: one scan of {@code /proc} (~15 ms with a thousand processes), for boot.
     */
    Map<Long, String> instances(String prefix);

    /** The pid listening on TCP {@code port}, where {@code /proc} tells. */
    OptionalLong listenerOn(int port);

    /** Completes when the process {@code pid} (not a child spawned here) is gone; reaps it if it was ours. */
    CompletableFuture<Void> whenGone(long pid);

    /** What to spawn. {@code instance} is exported as {@code VIGIL_INSTANCE} and inherited by every descendant. */
    record SpawnRequest(String service, String child, List<String> command, Path cwd, Map<String, String> env, Path logFile, String instance) {}

    /** A spawned process. */
    interface Spawned {
        long pid();

        /** Completes when it exits; pushed by the OS, never polled. */
        CompletableFuture<ExitStatus> onExit();
    }

    /** A child that could not be started. */
    final class SpawnException extends IOException {
        public SpawnException(String message) {
            super(message);
        }
    }

    int SIGTERM = 15;
    int SIGKILL = 9;
}
