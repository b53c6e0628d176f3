package dev.vigil.engine.supervise;

import dev.vigil.engine.model.ServiceState;
import dev.vigil.engine.os.ProcessIdentity;
import dev.vigil.engine.supervise.Ledger.ChildRecord;
import dev.vigil.engine.supervise.Ledger.Memory;
import dev.vigil.engine.supervise.Ledger.ServiceRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * What a new vigil does with a service a previous vigil left behind: the one pure decision of boot
 * re-attachment. A recorded child counts as alive only when its pid and its start instant both
 * still match a live process.
 *
 * <p>Stateless; thread-safe.
 */
final class Reattach {

    private Reattach() {}

    /** The decision. */
    sealed interface Plan {
        /** Nothing of it runs and nothing is pending: start it as usual (if it autostarts). */
        record Fresh() implements Plan {}

        /** Every recorded child still runs: watch them and re-run readiness, never restart them. */
        record Adopt(List<ChildRecord> children, boolean specChanged, boolean notifyReady) implements Plan {}

        /** A recorded child died while vigil was down: a crash (its siblings are killed first). */
        record CrashedWhileDown(List<ChildRecord> gone, List<ChildRecord> survivors) implements Plan {}

        /** It was CRASHED and waiting for its backoff: it starts again at {@code nextStart}, not sooner. */
        record Backoff(Instant nextStart, String reason) implements Plan {}

        /** It had FAILED (vigil gave up on it): it stays FAILED until an operator starts it. */
        record Failed(String reason) implements Plan {}
    }

    /**
     * Decides for a service declared now with spec hash {@code specHash}, given what was remembered
     * of it and which recorded processes are {@code alive}.
     */
    static Plan plan(String specHash, Memory memory, Predicate<ProcessIdentity> alive) {
        List<ChildRecord> living = new ArrayList<>();
        List<ChildRecord> gone = new ArrayList<>();
        for (ChildRecord c : memory.children()) (alive.test(c.identity()) ? living : gone).add(c);
        ServiceRecord s = memory.service();
        if (!gone.isEmpty()) return new Plan.CrashedWhileDown(List.copyOf(gone), List.copyOf(living));
        if (!living.isEmpty()) {
            boolean changed = living.stream().anyMatch(c -> !c.specHash().equals(specHash));
            return new Plan.Adopt(List.copyOf(living), changed, s != null && s.ready());
        }
        if (s == null) return new Plan.Fresh();
        if (s.state() == ServiceState.CRASHED && s.nextStart() != null) return new Plan.Backoff(s.nextStart(), s.reason());
        if (s.state() == ServiceState.FAILED) return new Plan.Failed(s.reason());
        return new Plan.Fresh();
    }
}
