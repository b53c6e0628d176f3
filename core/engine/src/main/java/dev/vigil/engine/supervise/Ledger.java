package dev.vigil.engine.supervise;

import dev.vigil.engine.model.ServiceState;
import dev.vigil.engine.os.ProcessIdentity;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the supervisor writes down so that the next vigil can take over where this one stopped:
 * every live child, and each service's last state and crash bookkeeping. The store keeps it in
 * SQLite; {@link #NONE} remembers nothing (tests, and a supervisor without a store).
 *
 * <p>Thread-safe. The writing methods are called on a unit's mailbox and must return at once
 * (queue the write, never wait for a disk); {@link #recall} is called once, at boot, and may block.
 */
public interface Ledger {

    /**
     * A child process as spawned (or adopted): enough to find it again after vigil restarts.
     *
     * @param instance its {@code VIGIL_INSTANCE}
     * @param notifySocket the {@code NOTIFY_SOCKET} path in its environment, or null
     * @param specHash {@link SpecHash} of the service's declaration it was spawned from
     * @param sockets the service's declared sockets (URIs) it was spawned with
     */
    record ChildRecord(String service, String child, ProcessIdentity identity, String instance, String notifySocket, String specHash,
            List<String> sockets, Instant startedAt) {
        public ChildRecord {
            sockets = List.copyOf(sockets);
        }
    }

    /**
     * A service's last state and the crash bookkeeping that must not start from zero.
     *
     * @param ready whether every child had sent {@code READY=1} (sd_notify) in its current spawn: a
     *     child says it once, so an adopted one is not asked again
     * @param restarts automatic restarts so far
     * @param consecutive crashes since the last healthy stretch (for the backoff delay)
     * @param crashTimes the recent crashes, within the backoff window
     * @param healthySince when it last became healthy, or null
     * @param nextStart when a CRASHED service starts again, or null
     */
    record ServiceRecord(String service, ServiceState state, String reason, boolean ready, int restarts, int consecutive,
            List<Instant> crashTimes, Instant healthySince, Instant nextStart) {
        public ServiceRecord {
            crashTimes = List.copyOf(crashTimes);
        }
    }

    /** What is remembered of one service: its record (or null) and its children. */
    record Memory(ServiceRecord service, List<ChildRecord> children) {
        public Memory {
            children = List.copyOf(children);
        }
    }

    /** Everything remembered, by service name. */
    Map<String, Memory> recall();

    /** A child was spawned or adopted. */
    void childUp(ChildRecord child);

    /** The child {@code pid} of {@code service} is gone. */
    void childGone(String service, String child, long pid);

    /** A service's state or bookkeeping changed. */
    void service(ServiceRecord record);

    /** The service is no longer declared: forget it. */
    void forget(String service);

    /** Remembers nothing. */
    Ledger NONE = new Ledger() {
        @Override
        public Map<String, Memory> recall() {
            return Map.of();
        }

        @Override
        public void childUp(ChildRecord child) {}

        @Override
        public void childGone(String service, String child, long pid) {}

        @Override
        public void service(ServiceRecord record) {}

        @Override
        public void forget(String service) {}
    };
}
