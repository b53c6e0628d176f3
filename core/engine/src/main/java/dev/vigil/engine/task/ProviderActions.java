package dev.vigil.engine.task;

import dev.vigil.engine.spi.ActionResult;
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
     * Never throws: every failure completes as {@link ActionResult.Failed}.
     */
    CompletableFuture<ActionResult> run(String service, String action, Map<String, String> params, Duration timeout);

    /** No provider offers any action. */
    ProviderActions NONE = new ProviderActions() {
        @Override
        public Set<String> actions(String service) {
            return Set.of();
        }

        @Override
        public CompletableFuture<ActionResult> run(String service, String action, Map<String, String> params, Duration timeout) {
            return CompletableFuture.completedFuture(new ActionResult.Failed("service " + service + " offers no action " + action));
        }
    };
}
