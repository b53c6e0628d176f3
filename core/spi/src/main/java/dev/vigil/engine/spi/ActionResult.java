package dev.vigil.engine.spi;

import java.util.Objects;

/**
 * How a provider action ({@link Probe#act}) ended: it took effect, or it did not and why.
 *
 * <pre>{@code
 * return loaded ? new ActionResult.Done("model qwen3 loaded")
 *               : new ActionResult.Failed("model qwen3 failed to load (exit_code 1)");
 * }</pre>
 */
public sealed interface ActionResult {

    /** For people: shown as the task's output (and its error when it failed). */
    String detail();

    record Done(String detail) implements ActionResult {
        public Done {
            Objects.requireNonNull(detail, "detail");
        }
    }

    record Failed(String detail) implements ActionResult {
        public Failed {
            Objects.requireNonNull(detail, "detail");
        }
    }
}
