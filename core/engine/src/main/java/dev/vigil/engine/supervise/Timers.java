package dev.vigil.engine.supervise;

import dev.vigil.engine.clock.Scheduler;
import dev.vigil.engine.clock.Scheduler.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/** The pending timers of one unit, one per kind. Not thread-safe: the unit's mailbox only. */
final class Timers {

    enum Kind { READY, STOP, RESTART }

    private final Scheduler scheduler;
    private final Map<Kind, Timer> pending = new EnumMap<>(Kind.class);

    Timers(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    void arm(Kind kind, Duration delay, Runnable task) {
        cancel(kind);
        pending.put(kind, scheduler.schedule(delay, task));
    }

    void armAt(Kind kind, Instant at, Runnable task) {
        cancel(kind);
        pending.put(kind, scheduler.scheduleAt(at, task));
    }

    void cancel(Kind kind) {
        Timer t = pending.remove(kind);
        if (t != null) t.cancel();
    }

    void cancelAll() {
        pending.values().forEach(Timer::cancel);
        pending.clear();
    }
}
