package dev.vigil.engine.readiness;

import dev.vigil.engine.model.ServiceSpec;
import dev.vigil.engine.spi.ProbeResult;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Provider probes, as readiness needs them: created per service, called fenced (own executor, time
 * limit, any throwable a failed result). The daemon implements it over the plugin registry.
 */
public interface ProviderPort {

    /**
     * The provider probe of {@code spec} (which has a provider).
     *
     * @throws IllegalArgumentException when the provider is unknown or refuses the configuration; the
     *     message is for people
     */
    ProviderProbe open(ServiceSpec spec);

    /** One service's provider probe. */
    interface ProviderProbe extends AutoCloseable {
        /** One check; completes within about {@code timeout}, never exceptionally. */
        CompletableFuture<ProbeResult> check(Duration timeout);

        /** The provider's cheap one-shot check whether the service already runs (for adoption). */
        CompletableFuture<ProbeResult> adopt(Duration timeout);

        /** The provider's words for an exit, when it knows. */
        Optional<String> explainExit(int code, int signal, ProbeResult last);

        @Override
        void close();
    }
}
