package dev.vigil.engine.spi;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One service's provider probe.
 *
 * <p>vigil calls {@link #check} on its schedule, never twice at once for the same probe, from an
 * executor of its own with a time limit: a check still running at {@code deadline} is abandoned
 * (its thread interrupted) and counts as {@link ProbeResult.Failed} not definitive; anything it
 * throws becomes {@code Failed} too. A check should therefore stop by the deadline and not swallow
 * interrupts.
 *
 * <pre>{@code
 * Probe probe = deadline -> ctx.clock().instant().isBefore(deadline)
 *         ? new ProbeResult.Ready(List.of("qwen3"), "model loaded")
 *         : new ProbeResult.Failed("too late", false);
 * }</pre>
 */
@FunctionalInterface
public interface Probe extends AutoCloseable {

    /** What the service is now. May block until {@code deadline}. */
    ProbeResult check(Instant deadline) throws Exception;

    /**
     * A one-shot, cheap check (no inference) whether an already-running service answers, for adoption
     * at vigil's start: READY or IDLE adopts it. The default is {@link #check}.
     */
    default ProbeResult adopt(Instant deadline) throws Exception {
        return check(deadline);
    }

    /**
     * Why the process ended, in the provider's words, when it knows (llama-server's exit 1 while
     * loading: {@code model load failed}); empty otherwise.
     */
    default Optional<String> explainExit(ExitInfo exit) {
        return Optional.empty();
    }

    /**
     * The actions this probe can run on its service, for task templates ({@code [tasks.NAME] action =
     * "load"}): a llama-server router offers {@code load} and {@code unload}. None by default.
     */
    default Set<String> actions() {
        return Set.of();
    }

    /**
     * Runs {@code action} with a task's {@code params} (e.g. {@code model}) and returns once it has
     * taken effect, failed, or {@code deadline} came. vigil calls it like {@link #check}: on a thread
     * of its own with the plugin's class loader, interrupted at the deadline, anything thrown being a
     * {@link ActionResult.Failed}; it may run while checks go on.
     */
    default ActionResult act(String action, Map<String, String> params, Instant deadline) throws Exception {
        return new ActionResult.Failed("this provider has no action \"" + action + "\"");
    }

    /** Releases what the probe holds. */
    @Override
    default void close() {}

    /**
     * How the service's process ended.
     *
     * @param code exit code, or -1 if it was killed or is unknown
     * @param signal the signal that killed it, or 0
     * @param lastResult the last result of this probe before the end, or null
     */
    record ExitInfo(int code, int signal, ProbeResult lastResult) {}
}
