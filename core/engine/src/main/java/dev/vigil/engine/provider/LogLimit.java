package dev.vigil.engine.provider;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * At most one log line per interval, so that a plugin that throws on every check every second costs
 * a stack trace a minute, not a disk.
 *
 * <p>Thread-safe: results complete on whichever fence thread finished them.
 */
final class LogLimit {

    private final LongSupplier nanoTime;
    private final long intervalNanos;
    private long lastLine;
    private boolean logged;
    private int suppressed;

    LogLimit(LongSupplier nanoTime, Duration interval) {
        this.nanoTime = nanoTime;
        this.intervalNanos = interval.toNanos();
    }

    /**
     * Whether a line may be written now: -1 when not (it is counted), otherwise how many were held
     * back since the last line written.
     */
    synchronized int admit() {
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
