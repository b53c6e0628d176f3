package dev.vigil.engine.probe;

import dev.vigil.engine.model.ProbeSpec;

import dev.vigil.engine.model.ProbeTarget;

import dev.vigil.engine.probe.CheckResult.Fail;
import dev.vigil.engine.clock.Scheduler;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link ProbeSpec} on a schedule and reports its {@link Verdict} when it flips.
 *
 * <p>The first check starts as soon as the scheduler runs a zero-delay timer after {@link #start}; each
 * next one {@code interval} after the previous one completed, so checks never overlap. {@code onVerdict}
 * runs on the thread that completed the check (a probe thread or the checker's timeout thread), under
 * this loop's lock: it must only post to a mailbox, and it may call {@link #stop}. Once {@link #stop}
 * has returned, {@code onVerdict} is never called again and the check in flight is abandoned.
 */
public final class ProbeLoop {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeLoop.class);

    private final ProbeSpec spec;
    private final BiFunction<ProbeTarget, Duration, CompletableFuture<CheckResult>> checker;
    private final Scheduler scheduler;
    private final Consumer<Verdict> onVerdict;
    private final ProbeCounter counter;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean started;
    private boolean stopped;
    private Scheduler.Timer next;
    private CompletableFuture<CheckResult> inFlight;

    public ProbeLoop(ProbeSpec spec, Checker checker, Scheduler scheduler, Consumer<Verdict> onVerdict) {
        this(spec, Objects.requireNonNull(checker, "checker")::check, scheduler, onVerdict);
    }

    /** For tests: any source of check results. */
    ProbeLoop(
            ProbeSpec spec,
            BiFunction<ProbeTarget, Duration, CompletableFuture<CheckResult>> checker,
            Scheduler scheduler,
            Consumer<Verdict> onVerdict) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.checker = checker;
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.onVerdict = Objects.requireNonNull(onVerdict, "onVerdict");
        this.counter = new ProbeCounter(spec.successThreshold(), spec.failureThreshold());
    }

    public ProbeSpec spec() {
        return spec;
    }

    /** Schedules the first check. A loop starts once; starting it again, or after {@link #stop}, is an error. */
    public void start() {
        lock.lock();
        try {
            if (stopped) throw new IllegalStateException("probe loop is stopped");
            if (started) throw new IllegalStateException("probe loop is already started");
            started = true;
            next = scheduler.schedule(Duration.ZERO, this::runCheck);
        } finally {
            lock.unlock();
        }
    }

    /** Cancels the next check and abandons the one in flight. Idempotent. */
    public void stop() {
        lock.lock();
        try {
            if (stopped) return;
            stopped = true;
            if (next != null) next.cancel();
            if (inFlight != null) inFlight.cancel(true);
            next = null;
            inFlight = null;
        } finally {
            lock.unlock();
        }
    }

    /** The latest completed check, for status displays. */
    public Optional<CheckResult> lastResult() {
        lock.lock();
        try {
            return counter.lastResult();
        } finally {
            lock.unlock();
        }
    }

    private void runCheck() {
        CompletableFuture<CheckResult> check;
        lock.lock();
        try {
            if (stopped) return;
            next = null;
            check = checker.apply(spec.target(), spec.timeout());
            inFlight = check;
        } catch (RuntimeException e) {
            check = CompletableFuture.completedFuture(new Fail(Checker.reason(e)));
        } finally {
            lock.unlock();
        }
        // Outside the lock: a check that is already complete runs completed() on this thread at once.
        CompletableFuture<CheckResult> self = check;
        check.whenComplete((r, e) -> completed(self, r != null ? r : new Fail(e == null ? "no result" : Checker.reason(e))));
    }

    private void completed(CompletableFuture<CheckResult> check, CheckResult result) {
        lock.lock();
        try {
            if (stopped || check.isCancelled()) return;
            if (inFlight == check) inFlight = null;
            counter.record(result).ifPresent(passing -> deliver(new Verdict(spec.role(), passing, result, counter.consecutive())));
            if (!stopped) next = scheduler.schedule(spec.interval(), this::runCheck);
        } finally {
            lock.unlock();
        }
    }

    private void deliver(Verdict verdict) {
        LOG.debug("{} probe {} now {}: {}", spec.role(), spec.target().describe(), verdict.passing() ? "passing" : "failing", verdict.last().text());
        try {
            onVerdict.accept(verdict);
        } catch (RuntimeException e) {
            LOG.error("{} probe {}: verdict handler threw", spec.role(), spec.target().describe(), e);
        }
    }
}
