package dev.vigil.engine.task;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Provider actions of services (a llama-server router's {@code load}), for action templates. */
public interface ProviderActions {

    /** The actions {@code service}'s provider offers; empty for a service without one. */
    Set<String> actions(String service);

    /**
     * Runs {@code action} of {@code service}'s provider with {@code params}, within {@code timeout}.
     * Never throws: every failure completes as {@link Outcome.Failed}.
     */
    CompletableFuture<Outcome> run(String service, String action, Map<String, String> params, Duration timeout);

    /** How an action ended. */
    sealed interface Outcome {
        String detail();

        record Done(String detail) implements Outcome {}

        record Failed(String detail) implements Outcome {}
    }

    /** No provider offers any action. */
    ProviderActions NONE = new ProviderActions() {
        @Override
        public Set<String> actions(String service) {
            return Set.of();
        }

        @Override
        public CompletableFuture<Outcome> run(String service, String action, Map<String, String> params, Duration timeout) {
            return CompletableFuture.completedFuture(new Outcome.Failed("service " + service + " offers no action " + action));
        }
    };
}
