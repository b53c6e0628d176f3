package dev.vigil.dsl.js;

import java.util.Map;

/**
 * What {@code vigil.submit(id, template, params)} of an event hook asks for: a task run. The daemon
 * wires it to its task engine; where none is given (tests, tools) hooks get a clear "tasks are not
 * available" error.
 */
@FunctionalInterface
public interface Tasks {

    /**
     * Submits task {@code id} from {@code template} with {@code params}, without waiting for it.
     *
     * @throws RuntimeException with a message for people (an unknown template, a bad parameter)
     */
    void submit(String id, String template, Map<String, String> params);
}
