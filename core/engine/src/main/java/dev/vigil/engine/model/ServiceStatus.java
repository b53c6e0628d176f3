package dev.vigil.engine.model;

import java.time.Instant;
import java.util.List;

/**
 * An immutable snapshot of one service, as the API and the shell show it.
 *
 * @param pid the main (first) child's pid, or null
 * @param since when the service entered {@code state}
 * @param restarts automatic restarts since vigil loaded the service
 * @param lastExit how the last process ended, or null
 * @param reason why the service is in its state (the cause of the last transition)
 * @param nextStart when a CRASHED service will be started again, or null
 * @param readiness which readiness sources decide READY, e.g. {@code none}
 * @param statusText the service's own words about itself ({@code STATUS=}), or null
 * @param waitingFor the dependencies a requested start waits for, e.g. {@code db (ready)}; empty
 *     when none
 * @param specChanged its processes were re-attached after a restart of vigil, but were spawned from
 *     a declaration that has changed since: a restart applies the new one
 */
public record ServiceStatus(
        String name,
        ServiceState state,
        Long pid,
        List<ChildStatus> children,
        Instant since,
        int restarts,
        ExitStatus lastExit,
        String reason,
        Instant nextStart,
        String readiness,
        String statusText,
        List<String> waitingFor,
        boolean specChanged) {

    public ServiceStatus {
        children = List.copyOf(children);
        waitingFor = List.copyOf(waitingFor);
    }

    /** A status whose processes run the declaration as it is now. */
    public ServiceStatus(String name, ServiceState state, Long pid, List<ChildStatus> children, Instant since, int restarts,
            ExitStatus lastExit, String reason, Instant nextStart, String readiness, String statusText, List<String> waitingFor) {
        this(name, state, pid, children, since, restarts, lastExit, reason, nextStart, readiness, statusText, waitingFor, false);
    }
}
