package dev.vigil.plugins.kokoro;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock that moves only when told. */
final class FakeClock implements InstantSource {

    private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public Instant instant() {
        return now;
    }

    void advance(Duration d) {
        now = now.plus(d);
    }

    /** A deadline comfortably ahead of the fake now. */
    Instant deadline() {
        return now.plusSeconds(5);
    }
}
