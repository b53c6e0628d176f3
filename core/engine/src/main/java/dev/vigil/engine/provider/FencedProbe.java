package dev.vigil.engine.provider;

import dev.vigil.engine.spi.ActionResult;
import dev.vigil.engine.spi.Probe;
import dev.vigil.engine.spi.ProbeConfig;
import dev.vigil.engine.spi.ProbeConfigException;
import dev.vigil.engine.spi.ProbeContext;
import dev.vigil.engine.spi.ProbeProvider;
import dev.vigil.engine.spi.ProbeResult;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider's probe behind a fence: every call runs on a thread of the fence's own, with the plugin's
 * class loader as context loader and a time limit, and nothing the plugin does can throw into vigil.
 *
 * <p>{@link #check} and {@link #adopt} never block and never throw; their future always completes
 * normally, on a fence thread (or the JDK's timer thread at a time limit), so a caller hands its
 * continuation to its own executor. Outcomes: the probe's result; {@code Failed("timed out after
 * 2000ms", false)} at the limit (the probe's thread is then interrupted and a late answer ignored);
 * {@code Failed("<SimpleName>: <message>", true)} for any throwable, Errors included (logged with
 * its stack trace, at most once a minute per probe); {@code Failed("probe returned null", true)}.
 * One call at a time: a call while another runs returns the running one's future; after a time limit
 * the next call waits for the abandoned thread to return before it runs (counting that wait against
 * its own limit), and while a thread that ignores its interrupt stays stuck past that, calls answer
 * {@code Failed(STUCK, false)} at once. Cancelling a returned future abandons its call. Thread-safe.
 *
 * <pre>{@code
 * FencedProbe probe = FencedProbe.create(provider, config, context, registry.loaderOf(kind), Duration.ofSeconds(5));
 * probe.check(Duration.ofSeconds(2)).thenAcceptAsync(result -> unit.post(result), mailbox);
 * }</pre>
 */
public final class FencedProbe implements AutoCloseable {

    /** How long {@link #explainExit} may take. */
    static final Duration EXPLAIN_LIMIT = Duration.ofSeconds(1);

    /** How long {@link #close} waits for the probe's own {@code close()}. */
    static final Duration CLOSE_LIMIT = Duration.ofSeconds(2);

    /** What a call answers while an earlier call's thread, abandoned at its limit, has still not returned. */
    static final String STUCK = "the previous call has not returned since its time limit (it ignores interrupts)";

    private static final Logger LOG = LoggerFactory.getLogger(FencedProbe.class);

    private final String kind;
    private final String service;
    private final Probe probe;
    private final Fence fence;
    private final InstantSource clock;
    private final LogLimit logLimit = new LogLimit(System::nanoTime, Duration.ofMinutes(1));
    private final Object lock = new Object();
    private Fence.Call<ProbeResult> last; // guarded by lock: the latest check or adopt
    private CompletableFuture<Void> lastGate; // guarded by lock: what it waited for before it could run
    private CompletableFuture<ProbeResult> lastAnswer; // guarded by lock: what its callers were given
    private boolean closed; // guarded by lock

    private FencedProbe(String kind, String service, Probe probe, Fence fence, InstantSource clock) {
        this.kind = kind;
        this.service = service;
        this.probe = probe;
        this.fence = fence;
        this.clock = clock;
    }

    /**
     * Asks {@code provider} for a probe, fenced like every later call; blocks for at most {@code
     * createTimeout}.
     *
     * @throws ProbeConfigException what the provider threw, or one of vigil's (key {@code null}) when
     *     the provider failed otherwise, returned null or did not answer in time; the message names
     *     the provider kind
     */
    public static FencedProbe create(
            ProbeProvider provider, ProbeConfig config, ProbeContext context, ClassLoader pluginLoader, Duration createTimeout)
            throws ProbeConfigException {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(pluginLoader, "pluginLoader");
        String kind = config.kind();
        Fence fence = new Fence("provider-" + context.service(), pluginLoader);
        Fence.Call<Probe> call = fence.run(() -> provider.create(config, context), createTimeout);
        try {
            Probe probe = call.result().get(); // completes by the limit at the latest
            if (probe == null) throw new ProbeConfigException(null, "provider \"" + kind + "\" returned no probe");
            return new FencedProbe(kind, context.service(), probe, fence, context.clock());
        } catch (ExecutionException e) {
            fence.close();
            throw createFailure(kind, context.service(), createTimeout, e.getCause());
        } catch (InterruptedException e) {
            call.abandon(new Fence.Closed());
            fence.close();
            Thread.currentThread().interrupt();
            throw new ProbeConfigException(null, "interrupted while provider \"" + kind + "\" created a probe");
        } catch (ProbeConfigException e) {
            fence.close();
            throw e;
        }
    }

    private static ProbeConfigException createFailure(String kind, String service, Duration limit, Throwable cause) {
        return switch (cause) {
            case ProbeConfigException pce -> pce;
            case Fence.LimitReached _ ->
                    new ProbeConfigException(null, "provider \"" + kind + "\" did not create a probe within " + Durations.format(limit));
            default -> {
                LOG.warn("provider {} failed to create a probe for service {}", kind, service, cause);
                yield new ProbeConfigException(null, "provider \"" + kind + "\" failed to create a probe: " + describe(cause));
            }
        };
    }

    /** Checks the service once; see the class comment for what the future holds. */
    public CompletableFuture<ProbeResult> check(Duration timeout) {
        return call("check", probe::check, timeout);
    }

    /** The provider's one-shot adoption check; fenced like {@link #check}, and never at once with it. */
    public CompletableFuture<ProbeResult> adopt(Duration timeout) {
        return call("adopt", probe::adopt, timeout);
    }

    @FunctionalInterface
    private interface ProbeCall {
        ProbeResult run(Instant deadline) throws Exception;
    }

    private CompletableFuture<ProbeResult> call(String what, ProbeCall work, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        synchronized (lock) {
            if (closed) return CompletableFuture.completedFuture(new ProbeResult.Failed("probe is closed", false));
            if (lastAnswer != null && !lastAnswer.isDone()) return lastAnswer;
            CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);
            if (last != null && (last.started() || lastGate.isDone())) {
                gate = last.exited(); // done, or soon: a thread that began (or is about to) returns or is stuck
            } else if (last != null) {
                // The last call timed out still waiting for an abandoned thread that ignores its interrupt:
                // one waiter per stuck thread is enough, so answer at once rather than queue another.
                logStuck(what);
                return CompletableFuture.completedFuture(new ProbeResult.Failed(STUCK, false));
            }
            Instant deadline = clock.instant().plus(timeout);
            Fence.Call<ProbeResult> call = fence.run(() -> work.run(deadline), timeout, gate);
            CompletableFuture<ProbeResult> answer = call.result().handle((result, failure) -> answer(what, result, failure, timeout));
            answer.whenComplete((r, e) -> {
                if (answer.isCancelled()) call.abandon(new Fence.Closed()); // the caller gave up: stop the work too
            });
            last = call;
            lastGate = gate;
            lastAnswer = answer;
            return answer;
        }
    }

    private ProbeResult answer(String what, ProbeResult result, Throwable failure, Duration timeout) {
        if (failure == null) return result != null ? result : new ProbeResult.Failed("probe returned null", true);
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return switch (cause) {
            case Fence.LimitReached _ -> new ProbeResult.Failed("timed out after " + Durations.format(timeout), false);
            case Fence.Closed _ -> new ProbeResult.Failed("probe is closed", false);
            default -> {
                logThrown(what, cause);
                yield new ProbeResult.Failed(describe(cause), true);
            }
        };
    }

    /**
     * Why the process ended, in the provider's words; empty when it does not know, throws, or takes
     * longer than a second (the caller's thread waits that long at most).
     */
    public Optional<String> explainExit(Probe.ExitInfo exit) {
        synchronized (lock) {
            if (closed) return Optional.empty();
        }
        Fence.Call<Optional<String>> call = fence.run(() -> probe.explainExit(exit), EXPLAIN_LIMIT);
        try {
            Optional<String> explained = call.result().get();
            return explained == null ? Optional.empty() : explained;
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof Fence.LimitReached || e.getCause() instanceof Fence.Closed)) {
                logThrown("explainExit", e.getCause());
            }
            return Optional.empty();
        } catch (InterruptedException e) {
            call.abandon(new Fence.Closed());
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The actions the probe offers ({@link Probe#actions}), fenced like {@link #explainExit}; none when it fails. */
    public Set<String> actions() {
        synchronized (lock) {
            if (closed) return Set.of();
        }
        Fence.Call<Set<String>> call = fence.run(probe::actions, EXPLAIN_LIMIT);
        try {
            Set<String> actions = call.result().get();
            return actions == null ? Set.of() : Set.copyOf(actions);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof Fence.LimitReached || e.getCause() instanceof Fence.Closed)) logThrown("actions", e.getCause());
            return Set.of();
        } catch (InterruptedException e) {
            call.abandon(new Fence.Closed());
            Thread.currentThread().interrupt();
            return Set.of();
        }
    }

    /**
     * Runs a provider action within {@code timeout}, fenced, beside the checks (not one at a time with
     * them). Never throws; the future completes normally, with {@code Failed} for a throwable, a time
     * limit or a closed probe.
     */
    public CompletableFuture<ActionResult> act(String action, Map<String, String> params, Duration timeout) {
        synchronized (lock) {
            if (closed) return CompletableFuture.completedFuture(new ActionResult.Failed("probe is closed"));
        }
        Instant deadline = clock.instant().plus(timeout);
        Fence.Call<ActionResult> call = fence.run(() -> probe.act(action, Map.copyOf(params), deadline), timeout);
        return call.result().handle((r, e) -> {
            if (e == null) return r == null ? new ActionResult.Failed("action returned null") : r;
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            return switch (cause) {
                case Fence.LimitReached _ -> new ActionResult.Failed(action + " did not finish within " + Durations.format(timeout));
                case Fence.Closed _ -> new ActionResult.Failed("probe is closed");
                default -> {
                    logThrown("act", cause);
                    yield new ActionResult.Failed(describe(cause));
                }
            };
        });
    }

    /**
     * Abandons a running check (its future completes {@code Failed("probe is closed", false)}), then
     * calls the probe's {@code close()} fenced, waiting for it at most two seconds; later calls fail
     * at once. Idempotent.
     */
    @Override
    public void close() {
        Fence.Call<ProbeResult> running;
        synchronized (lock) {
            if (closed) return;
            closed = true;
            running = last;
        }
        CompletableFuture<Void> exited = CompletableFuture.completedFuture(null);
        if (running != null) {
            running.abandon(new Fence.Closed());
            exited = running.exited();
        }
        Fence.Call<Void> call = fence.run(() -> {
            probe.close();
            return null;
        }, CLOSE_LIMIT, exited);
        try {
            call.result().get(CLOSE_LIMIT.toMillis() + 100, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof Fence.LimitReached)) logThrown("close", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            // The fence's own limit fires first; this only bounds a starved timer thread.
        } finally {
            fence.close();
        }
    }

    /** {@code NoClassDefFoundError: org/slf4j/Logger}: what a person reads as the failure. */
    static String describe(Throwable t) {
        String message = t.getMessage();
        String name = t.getClass().getSimpleName().isEmpty() ? t.getClass().getName() : t.getClass().getSimpleName();
        return message == null || message.isBlank() ? name : name + ": " + message;
    }

    private void logThrown(String what, Throwable t) {
        int held = logLimit.admit();
        if (held < 0) return;
        String more = held == 0 ? "" : " (" + held + " more since the last line)";
        LOG.warn("provider {} of service {} threw in {}: {}{}", kind, service, what, describe(t), more, t);
    }

    private void logStuck(String what) {
        if (logLimit.admit() >= 0) LOG.warn("provider {} of service {}: {} not run: {}", kind, service, what, STUCK);
    }

    @Override
    public String toString() {
        return "FencedProbe[" + kind + " for " + service + "]";
    }
}
