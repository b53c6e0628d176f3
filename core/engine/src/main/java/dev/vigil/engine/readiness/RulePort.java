package dev.vigil.engine.readiness;

import dev.vigil.engine.model.ServiceSpec;
import dev.vigil.engine.spi.ProbeResult;
import java.util.concurrent.CompletableFuture;

/**
 * Readiness rules (a service's {@code [readiness] script}), as readiness needs them: opened per
 * service, asked on the rule's schedule. The daemon implements it over the JS sandbox; the engine
 * knows nothing of JS.
 */
public interface RulePort {

    /**
     * The rule of {@code spec} (whose readiness has a script).
     *
     * @throws IllegalArgumentException when the rule cannot be opened; the message is for people
     */
    Rule open(ServiceSpec spec);

    /** One service's readiness rule. */
    interface Rule extends AutoCloseable {

        /**
         * Asks the rule once. Completes within the sandbox's time limit, never exceptionally: an
         * answer ({@code Starting}, {@code Warming}, {@code Ready}, {@code Serving}, {@code Idle}), or
         * {@code Failed} whose detail names the script's file and line when the rule broke.
         *
         * @param child the child the rule is asked about (the service's first)
         * @param probe the last answer of the service's provider or built-in probe, or null
         */
        CompletableFuture<ProbeResult> check(String child, ProbeResult probe);

        @Override
        void close();
    }
}
