package dev.vigil.engine.os;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * At most one log line per interval for one notify socket, so that a service flooding it with
 * garbage costs a line a second, not a disk.
 *
 * <p>Not thread-safe: used on the notify thread only.
 */
final class NotifyLogLimit {

    private final LongSupplier nanoTime;
    private final long intervalNanos;
    private long lastLine;
    private boolean logged;
    private int suppressed;

    NotifyLogLimit(LongSupplier nanoTime, Duration interval) {
        this.nanoTime = nanoTime;
        this.intervalNanos = interval.toNanos();
    }

    /**
     * Whether a line may be written now: -1 when not (it is counted), otherwise how many were held
     * back since the last line written.
     */
    int admit() {
        long now = nanoTime.getAsLong();
        if (logged && now - lastLine < intervalNanos) {
            suppressed++;
            return -1;
        }
        logged = true;
        lastLine = now;
        int held = suppressed;
        suppressed = 0;
        return held;
    }
}
