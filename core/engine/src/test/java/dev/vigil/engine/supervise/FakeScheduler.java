package dev.vigil.engine.supervise;

import dev.vigil.engine.clock.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;

/** A manual clock: timers run only when a test advances time. */
final class FakeScheduler implements Scheduler {

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    FakeScheduler() {}

    /** A clock that starts at {@code start} (a later vigil on the same machine). */
    FakeScheduler(Instant start) {
        now = start;
    }
    private long order;
    private final PriorityQueue<Task> queue =
            new PriorityQueue<>(Comparator.comparing(Task::at).thenComparingLong(Task::order));

    private final class Task implements Timer {
        final Instant at;
        final long order;
        final Runnable run;
        boolean cancelled;

        Task(Instant at, long order, Runnable run) {
            this.at = at;
            this.order = order;
            this.run = run;
        }

        Instant at() {
            return at;
        }

        long order() {
            return order;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        Task t = new Task(now.plus(delay.isNegative() ? Duration.ZERO : delay), order++, task);
        queue.add(t);
        return t;
    }

    /** Moves time forward, running every timer that falls due, in order. */
    void advance(Duration d) {
        Instant end = now.plus(d);
        while (!queue.isEmpty() && !queue.peek().at.isAfter(end)) {
            Task t = queue.poll();
            now = t.at;
            if (!t.cancelled) t.run.run();
        }
        now = end;
    }

    /** How many live timers are pending. */
    long pending() {
        return queue.stream().filter(t -> !t.cancelled).count();
    }
}
