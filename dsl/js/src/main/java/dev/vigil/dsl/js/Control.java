package dev.vigil.dsl.js;

import dev.vigil.engine.supervise.Supervisor;

/**
 * What {@code vigil.start/stop/restart} of an event hook ask of the supervisor: {@link
 * Supervisor#request}, which returns as soon as the service has the request in its mailbox.
 */
@FunctionalInterface
public interface Control {

    /**
     * Asks for {@code action} on {@code service} without waiting for its outcome.
     *
     * @param by who asks, for the service's events ({@code hook hooks/x.js})
     * @throws RuntimeException with a message for people (an unknown service, vigil shutting down)
     */
    void request(String service, Supervisor.Action action, String by);
}
