package dev.vigil.engine.probe;

import dev.vigil.engine.os.Spawner;
import dev.vigil.engine.model.ProbeTarget;

import dev.vigil.engine.probe.CheckResult.Fail;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one check of a {@link ProbeTarget}, bounded by a timeout.
 *
 * <p>{@link #check} never throws and never blocks: the check runs on a virtual thread of its own and the
 * returned future completes on that thread, or on the timeout thread with {@code timed out after ...}.
 * At the timeout (or when the caller cancels the future) the check's thread is interrupted, which closes
 * a pending connect, cancels an HTTP exchange and kills an exec probe's whole process group. One checker
 * serves every probe of a supervisor: it holds one HTTP client (HTTP/1.1, no proxy, no redirects) and one
 * timeout thread; {@link #close} releases them.
 */
public final class Checker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Checker.class);

    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("vigil-probe-", 0).factory());
    private final ScheduledExecutorService timeouts = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("vigil-probe-timeout").unstarted(r));
    private final HttpCheck http = new HttpCheck();
    private final Spawner ownSpawner;
    private final ExecCheck exec;
    private volatile BiConsumer<ProbeTarget, Duration> timing;

    /** A checker with a spawner of its own for exec probes (closed with it). */
    public Checker() {
        this.ownSpawner = new Spawner();
        this.exec = new ExecCheck(ownSpawner);
    }

    /** A checker whose exec probes go through {@code spawner} (vigil's one spawner and reaper). */
    public Checker(Spawner spawner) {
        this.ownSpawner = null;
        this.exec = new ExecCheck(spawner);
    }

    /**
     * Hands how long each finished check took to {@code timing} (metrics), replacing any earlier hook. It runs
     * on the thread that completed the check and must be cheap; a cancelled check is not timed.
     */
    public void timeChecks(BiConsumer<ProbeTarget, Duration> timing) {
        this.timing = timing;
    }

    /** The work of one check, on its own thread; an interrupt means the check is abandoned. */
    @FunctionalInterface
    private interface Work {
        CheckResult run() throws Exception;
    }

    /**
     * Checks {@code target} once. The future completes within {@code timeout} (plus scheduling slack) with
     * a {@link CheckResult}, never exceptionally; cancelling it abandons the check.
     */
    public CompletableFuture<CheckResult> check(ProbeTarget target, Duration timeout) {
        CompletableFuture<CheckResult> result = new CompletableFuture<>();
        long started = System.nanoTime(); // a latency measured, not a time decided: no Scheduler needed
        try {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(timeout, "timeout");
            Work work = switch (target) {
                case ProbeTarget.Tcp t -> () -> SocketCheck.tcp(t);
                case ProbeTarget.Unix u -> () -> SocketCheck.unix(u);
                case ProbeTarget.Http h -> () -> http.check(h, timeout);
                case ProbeTarget.Exec e -> () -> exec.check(e);
            };
            long nanos = timeout.compareTo(Duration.ofDays(365)) > 0 ? Duration.ofDays(365).toNanos() : Math.max(1, timeout.toNanos());
            Future<?> running = workers.submit(() -> result.complete(run(work, timeout)));
            ScheduledFuture<?> timer = timeouts.schedule(() -> {
                // Complete first, then interrupt: the abandoned work can then only produce a result nobody reads.
                if (result.complete(new Fail(timedOut(timeout)))) running.cancel(true);
            }, nanos, TimeUnit.NANOSECONDS);
            result.whenComplete((r, e) -> {
                timer.cancel(false);
                if (result.isCancelled()) running.cancel(true);
                else if (timing instanceof BiConsumer<ProbeTarget, Duration> t) {
                    t.accept(target, Duration.ofNanos(System.nanoTime() - started));
                }
            });
        } catch (RejectedExecutionException e) {
            result.complete(new Fail("checker is closed"));
        } catch (RuntimeException e) {
            result.complete(new Fail(reason(e))); // a null argument, or a bug: a failed check, never a throw
        }
        return result;
    }

    private CheckResult run(Work work, Duration timeout) {
        try {
            return work.run();
        } catch (InterruptedException | ClosedByInterruptException e) {
            // Only seen once the timeout, a cancel or close() has completed the future already.
            return new Fail(workers.isShutdown() ? "checker is closed" : timedOut(timeout));
        } catch (HttpTimeoutException e) {
            return new Fail(timedOut(timeout));
        } catch (Exception | Error e) {
            if (!(e instanceof IOException)) LOG.warn("probe check failed unexpectedly", e);
            return new Fail(reason(e));
        }
    }

    /** A failure for people: {@code connection refused}, {@code unknown host db}, ... */
    static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) return "connection refused";
            if (t instanceof UnknownHostException) return "unknown host " + t.getMessage();
            if (t instanceof NoRouteToHostException) return "no route to host";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getMessage() == null) root = root.getCause();
        String m = root.getMessage();
        if (m == null || m.isBlank()) return root.getClass().getSimpleName();
        return Character.toLowerCase(m.charAt(0)) + m.substring(1);
    }

    static String timedOut(Duration timeout) {
        return "timed out after " + format(timeout);
    }

    /** Durations as people write them: {@code 1s}, {@code 250ms}, {@code 1m30s}. */
    static String format(Duration d) {
        StringBuilder sb = new StringBuilder();
        if (d.toHours() > 0) sb.append(d.toHours()).append('h');
        if (d.toMinutesPart() > 0) sb.append(d.toMinutesPart()).append('m');
        if (d.toSecondsPart() > 0) sb.append(d.toSecondsPart()).append('s');
        if (d.toMillisPart() > 0) sb.append(d.toMillisPart()).append("ms");
        return sb.isEmpty() ? d.toNanos() + "ns" : sb.toString().toLowerCase(Locale.ROOT);
    }

    /** Stops the timeout thread and the HTTP client and interrupts running checks; later checks fail at once. */
    @Override
    public void close() {
        workers.shutdownNow();
        timeouts.shutdownNow();
        http.close();
        if (ownSpawner != null) ownSpawner.close();
    }
}
