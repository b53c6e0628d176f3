package dev.vigil.engine.supervise;

import dev.vigil.engine.lifecycle.Input.Verdict;
import dev.vigil.engine.model.BackoffPolicy;
import dev.vigil.engine.model.RestartPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Deque;
import java.util.random.RandomGenerator;

/**
 * The one crash bookkeeping of a service: every crash path (exit, spawn failure, ready_timeout,
 * liveness kill) is judged here, and nowhere else.
 *
 * <p>Not thread-safe: used from the unit's mailbox only.
 */
final class CrashLoop {

    private final RandomGenerator random;
    private final Deque<Instant> recent = new ArrayDeque<>();
    private int consecutive;
    private int total;
    private Instant healthySince;

    CrashLoop(RandomGenerator random) {
        this.random = random;
    }

    /** Judges a crash at {@code now}: restart when, or give up. */
    Verdict assess(Instant now, String cause, RestartPolicy policy, BackoffPolicy backoff) {
        if (healthySince != null && !Duration.between(healthySince, now).minus(backoff.resetAfter()).isNegative()) {
            consecutive = 0;
        }
        healthySince = null;
        if (policy == RestartPolicy.NEVER) return new Verdict.GiveUp(cause + " (restart = never)");
        while (!recent.isEmpty() && Duration.between(recent.peekFirst(), now).compareTo(backoff.window()) > 0) {
            recent.pollFirst();
        }
        if (recent.size() >= backoff.maxRestarts()) {
            return new Verdict.GiveUp("crash loop: " + recent.size() + " restarts within " + Durations.format(backoff.window())
                    + "; last: " + cause);
        }
        consecutive++;
        total++;
        recent.addLast(now);
        return new Verdict.Restart(now.plus(delay(backoff)));
    }

    private Duration delay(BackoffPolicy b) {
        double base = b.initial().toNanos() * Math.pow(b.factor(), consecutive - 1);
        double capped = Math.min(base, b.max().toNanos());
        double spread = b.jitter() == 0 ? 0 : (random.nextDouble() * 2 - 1) * b.jitter();
        return Duration.ofNanos(Math.max(0, (long) (capped * (1 + spread))));
    }

    /** The service became healthy at {@code now}; {@code reset_after} counts from here. */
    void markHealthy(Instant now) {
        if (healthySince == null) healthySince = now;
    }

    /** An operator started a FAILED service: forget the history. */
    void reset() {
        recent.clear();
        consecutive = 0;
        healthySince = null;
    }

    /** What must survive a restart of vigil: the counters, the recent crashes, the healthy stretch. */
    record Saved(int total, int consecutive, List<Instant> recent, Instant healthySince) {
        Saved {
            recent = List.copyOf(recent);
        }
    }

    Saved save() {
        return new Saved(total, consecutive, new ArrayList<>(recent), healthySince);
    }

    /** Resumes the bookkeeping a previous vigil saved. */
    void restore(Saved saved) {
        total = saved.total();
        consecutive = saved.consecutive();
        recent.clear();
        recent.addAll(saved.recent());
        healthySince = saved.healthySince();
    }

    /** Automatic restarts so far. */
    int total() {
        return total;
    }

    /** Consecutive crashes since the last reset (for the delay). */
    int consecutive() {
        return consecutive;
    }
}
