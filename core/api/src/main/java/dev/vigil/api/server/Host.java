package dev.vigil.api.server;

import java.util.Optional;

/**
 * What the process that runs the control API tells it about itself, and the one thing the API may
 * ask of it: to exit.
 *
 * <p>Called on API threads; implementations must not block long (at most about a second for
 * {@link #notLive}).
 */
public interface Host {

    /** Whether the declarations are loaded and boot adoption is done ({@code /readyz}). */
    boolean ready();

    /** Why vigil is not live ({@code /livez} answers 503 with it), or empty when it is. */
    Optional<String> notLive();

    /**
     * Exits vigil, after the reply has been sent: with {@code keepServices}, leaving every service
     * running for the next vigil to adopt; without, stopping every service first. Returns at once.
     */
    void shutdown(boolean keepServices);

    /** A host that is always live and ignores a shutdown request (tests, embedding). */
    static Host of(java.util.function.BooleanSupplier ready) {
        return new Host() {
            @Override
            public boolean ready() {
                return ready.getAsBoolean();
            }

            @Override
            public Optional<String> notLive() {
                return Optional.empty();
            }

            @Override
            public void shutdown(boolean keepServices) {}
        };
    }
}
