package dev.vigil.api.server;

/**
 * What {@code POST /v1/js} evaluates with: the daemon's JS sandbox, behind a port so that the API
 * knows nothing of JS. Called on an API thread; may block for the sandbox's time limit.
 */
@FunctionalInterface
public interface Evaluator {

    /**
     * Evaluates {@code expr} with {@code services()} returning {@code services}.
     *
     * @param services the service list as {@code GET /v1/services} writes it
     */
    Result evaluate(String expr, String services);

    /** The value as JSON, or the script's error. */
    sealed interface Result {
        /** {@code json} is the value, already JSON. */
        record Value(String json) implements Result {}

        /** {@code message} names the expression's line: {@code expr:1: ReferenceError: x is not defined}. */
        record Error(String message) implements Result {}
    }
}
