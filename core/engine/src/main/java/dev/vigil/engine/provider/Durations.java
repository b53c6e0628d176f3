package dev.vigil.engine.provider;

import java.time.Duration;

/**
 * Time limits in the words of a provider's results (parsing is {@link
 * dev.vigil.engine.model.DurationText}'s).
 */
final class Durations {

    private Durations() {}

    /** A time limit in the words of a result: {@code 2000ms} (whole milliseconds, so results compare easily). */
    static String format(Duration d) {
        return (d.isNegative() ? 0 : d.toMillis()) + "ms";
    }
}
