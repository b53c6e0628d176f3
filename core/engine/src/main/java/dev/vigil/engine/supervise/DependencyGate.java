package dev.vigil.engine.supervise;

import dev.vigil.engine.model.Dependency;
import dev.vigil.engine.model.ServiceSpec;
import dev.vigil.engine.model.ServiceState;
import dev.vigil.engine.model.ServiceStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Whether a service's {@code depends_on} conditions hold, from the other services' statuses. A
 * dependency that is restarting (CRASHED, STARTING ...) is waited for; one that FAILED fails the
 * wait; one that is OFFLINE and not starting is to be started.
 */
final class DependencyGate {

    sealed interface Verdict {
        record Held() implements Verdict {}

        record Waiting(List<String> missing, List<String> toStart) implements Verdict {}

        record Failed(String reason) implements Verdict {}
    }

    private DependencyGate() {}

    static Verdict check(ServiceSpec spec, Function<String, Optional<ServiceStatus>> lookup) {
        List<String> missing = new ArrayList<>();
        List<String> toStart = new ArrayList<>();
        for (Dependency d : spec.dependsOn()) {
            Optional<ServiceStatus> found = lookup.apply(d.service());
            if (found.isEmpty()) return new Verdict.Failed("dependency " + d.service() + ": no such service");
            ServiceStatus s = found.get();
            if (d.condition().heldBy(s.state())) continue;
            if (s.state() == ServiceState.FAILED) {
                return new Verdict.Failed("dependency " + d.service() + " failed: " + s.reason());
            }
            if (d.condition() == Dependency.Condition.COMPLETED && s.state() == ServiceState.OFFLINE && s.lastExit() != null
                    && !s.lastExit().isSuccess()) {
                return new Verdict.Failed("dependency " + d.service() + " did not complete: " + s.reason());
            }
            missing.add(d.service() + " (" + d.condition().name().toLowerCase() + ")");
            boolean idle = (s.state() == ServiceState.OFFLINE || s.state() == ServiceState.COMPLETED) && s.waitingFor().isEmpty();
            if (idle && !(d.condition() == Dependency.Condition.COMPLETED && s.state() == ServiceState.COMPLETED)) toStart.add(d.service());
        }
        return missing.isEmpty() ? new Verdict.Held() : new Verdict.Waiting(missing, toStart);
    }
}
