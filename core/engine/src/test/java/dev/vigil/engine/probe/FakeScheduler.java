package dev.vigil.engine.probe;

import dev.vigil.engine.clock.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A manual clock: timers run only when a test advances time. Thread-safe, since checks complete on other threads. */
final class FakeScheduler implements Scheduler {

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private long order;
    private final List<Task> queue = new ArrayList<>();

    private final class Task implements Timer {
        final Instant at;
        final long order;
        final Runnable run;
        volatile boolean cancelled;

        Task(Instant at, long order, Runnable run) {
            this.at = at;
            this.order = order;
            this.run = run;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public synchronized Timer schedule(Duration delay, Runnable task) {
        Task t = new Task(now.plus(delay.isNegative() ? Duration.ZERO : delay), order++, task);
        queue.add(t);
        return t;
    }

    /** Moves time forward, running every timer that falls due, in order, on the calling thread. */
    void advance(Duration d) {
        Instant end;
        synchronized (this) {
            end = now.plus(d);
        }
        while (true) {
            Task due;
            synchronized (this) {
                due = queue.stream()
                        .filter(t -> !t.at.isAfter(end))
                        .min(Comparator.comparing((Task t) -> t.at).thenComparingLong(t -> t.order))
                        .orElse(null);
                if (due == null) {
                    now = end;
                    return;
                }
                queue.remove(due);
                now = due.at;
            }
            if (!due.cancelled) due.run.run();
        }
    }

    /** The delays of live pending timers, from now. */
    synchronized List<Duration> pending() {
        return queue.stream().filter(t -> !t.cancelled).map(t -> Duration.between(now, t.at)).toList();
    }
}
