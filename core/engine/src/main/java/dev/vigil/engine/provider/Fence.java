package dev.vigil.engine.provider;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs calls into plugin code on virtual threads of its own, each with the plugin's class loader as
 * context loader and a time limit.
 *
 * <p>{@link #run} never blocks and never throws: the {@link Call}'s result completes with what the
 * work returned, exceptionally with whatever it threw (Errors included), or with {@link
 * LimitReached} at the time limit, when the work's thread is interrupted and what it later returns is
 * ignored. A call may be held back until an earlier call's thread has returned, so that a plugin
 * never runs two calls of one probe at once even when the first outlived its limit; the limit counts
 * from {@link #run}, waiting included. The timers run on the JDK's delayed executor: a fence owns no
 * platform thread.
 */
final class Fence {

    /** Why a call ended without the work's answer: its time limit. */
    static final class LimitReached extends RuntimeException {
        LimitReached() {
            super("time limit reached", null, false, false);
        }
    }

    /** Why a call ended without the work's answer: the fence (or its probe) was closed. */
    static final class Closed extends RuntimeException {
        Closed() {
            super("closed", null, false, false);
        }
    }

    /** One call: its result, and when its thread returned (later than the result after a time limit). */
    static final class Call<T> {
        private final CompletableFuture<T> result = new CompletableFuture<>();
        private final CompletableFuture<Void> exited = new CompletableFuture<>();
        private final AtomicReference<Thread> runner = new AtomicReference<>();

        CompletableFuture<T> result() {
            return result;
        }

        CompletableFuture<Void> exited() {
            return exited;
        }

        /** Whether its thread has begun (it may have found the call over and done nothing). */
        boolean started() {
            return runner.get() != null;
        }

        /** Ends the call with {@code why} and interrupts its thread, unless it has ended already. */
        void abandon(RuntimeException why) {
            // Complete first, then interrupt: the abandoned work can only produce a result nobody reads.
            if (result.completeExceptionally(why)) {
                Thread t = runner.get();
                if (t != null) t.interrupt();
            }
        }
    }

    private static final Duration LONGEST = Duration.ofDays(365);

    private final ExecutorService threads;

    /** A fence whose threads are named {@code vigil-NAME-N} and run with {@code loader} as context loader. */
    Fence(String name, ClassLoader loader) {
        ThreadFactory virtual = Thread.ofVirtual().name("vigil-" + name + "-", 0).factory();
        this.threads = Executors.newThreadPerTaskExecutor(r -> {
            Thread t = virtual.newThread(r);
            t.setContextClassLoader(loader);
            return t;
        });
    }

    private static final ScheduledThreadPoolExecutor LIMITS = limits();

    private static ScheduledThreadPoolExecutor limits() {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> Thread.ofPlatform().daemon().name("vigil-fence-limits").unstarted(r));
        e.setRemoveOnCancelPolicy(true);
        return e;
    }

    /** Runs {@code work} now, within {@code limit}. */
    <T> Call<T> run(Callable<T> work, Duration limit) {
        return run(work, limit, CompletableFuture.completedFuture(null));
    }

    /** Runs {@code work} once {@code after} has completed, within {@code limit} counted from now. */
    <T> Call<T> run(Callable<T> work, Duration limit, CompletableFuture<?> after) {
        Call<T> call = new Call<>();
        Duration bounded = limit.compareTo(LONGEST) > 0 ? LONGEST : limit;
        long nanos = Math.max(0, bounded.toNanos());
        // The limit's timer is dropped as soon as the call ends: no exception built for a call long done.
        ScheduledFuture<?> limitTimer = LIMITS.schedule(() -> call.abandon(new LimitReached()), nanos, TimeUnit.NANOSECONDS);
        call.result.whenComplete((r, e) -> limitTimer.cancel(false));
        after.whenComplete((ignored, failure) -> start(call, work));
        return call;
    }

    private <T> void start(Call<T> call, Callable<T> work) {
        try {
            threads.execute(() -> {
                call.runner.set(Thread.currentThread());
                try {
                    // After the runner is published: a limit reached before this point is seen here.
                    if (!call.result.isDone()) call.result.complete(work.call());
                } catch (Throwable t) {
                    call.result.completeExceptionally(t);
                } finally {
                    call.exited.complete(null);
                }
            });
        } catch (RejectedExecutionException e) {
            call.result.completeExceptionally(new Closed());
            call.exited.complete(null);
        }
    }

    /** Refuses new calls and interrupts the running ones; returns at once. */
    void close() {
        threads.shutdownNow();
    }
}
