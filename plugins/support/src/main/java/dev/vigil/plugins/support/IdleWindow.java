package dev.vigil.plugins.support;

import java.time.Duration;
import java.time.Instant;

/**
 * How long a server has answered "up, no model" without a break: IDLE is concluded only once that
 * has held for {@code idle_after}, so a server between its bind and its model registration is not
 * called idle (hal0's {@code _IDLE_STABILISE_S}).
 *
 * <p>Not thread-safe: the probe's checks run one at a time.
 */
public final class IdleWindow {

    private final Duration length;
    private Instant since;

    public IdleWindow(Duration length) {
        this.length = length;
    }

    /** Records one "no model" answer at {@code now}; true once such answers have held for the window. */
    public boolean held(Instant now) {
        if (since == null) since = now;
        return Duration.between(since, now).compareTo(length) >= 0;
    }

    /** Any other answer (a model, loading, an error) breaks the streak. */
    public void reset() {
        since = null;
    }

    public Duration length() {
        return length;
    }
}
