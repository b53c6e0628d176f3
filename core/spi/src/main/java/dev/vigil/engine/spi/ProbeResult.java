package dev.vigil.engine.spi;

import java.util.List;
import java.util.Objects;

/**
 * What a provider probe concluded. Each maps to a lifecycle state: {@link Starting} → STARTING,
 * {@link Warming} → WARMING, {@link Ready} → READY, {@link Serving} → SERVING, {@link Idle} → IDLE,
 * {@link Failed} → a liveness strike (definitive) or nothing (inconclusive).
 *
 * <pre>{@code
 * return switch (status) {
 *     case 503 -> new ProbeResult.Warming("loading model", null);
 *     case 200 -> new ProbeResult.Ready(List.of(new ProbeResult.Model("qwen3", "loaded", null)), "model loaded");
 *     default -> new ProbeResult.Failed("HTTP " + status, true);
 * };
 * }</pre>
 */
public sealed interface ProbeResult {

    /** For people: the detail shown in status and events. */
    String detail();

    /** Nothing answers yet (connection refused while the process lives). */
    record Starting(String detail) implements ProbeResult {}

    /**
     * The process answers but is not ready (a model loading).
     *
     * @param progress from 0 to 1 when the server tells, else null
     */
    record Warming(String detail, Double progress) implements ProbeResult {}

    /** Ready to serve; {@code models} are the models it serves (may be empty). */
    record Ready(List<Model> models, String detail) implements ProbeResult {
        public Ready {
            models = List.copyOf(models);
        }
    }

    /** Ready and busy: {@code inFlight} requests in progress. */
    record Serving(int inFlight, List<Model> models, String detail) implements ProbeResult {
        public Serving {
            models = List.copyOf(models);
        }
    }

    /** Alive and answering, but serving nothing (no model loaded): not routable, not dead. */
    record Idle(String detail, List<Model> models) implements ProbeResult {
        public Idle {
            models = List.copyOf(models);
        }
    }

    /**
     * The check failed.
     *
     * @param definitive true for a real failure (a strike towards liveness); false when inconclusive
     *     (a timeout while the server is busy)
     */
    record Failed(String detail, boolean definitive) implements ProbeResult {}

    /**
     * One model a server knows, with its own state (router mode).
     *
     * @param state {@code loaded}, {@code loading}, {@code unloaded} or {@code failed}
     * @param exitCode the exit code of a failed load, or null
     */
    record Model(String id, String state, Integer exitCode) {
        public Model {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(state, "state");
        }
    }
}
