package dev.vigil.engine.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogLimitTest {

    @Test
    void oneLinePerInterval_thenTheCountHeldBack() {
        AtomicLong now = new AtomicLong(1_000);
        LogLimit limit = new LogLimit(now::get, Duration.ofSeconds(60));

        assertEquals(0, limit.admit());
        assertEquals(-1, limit.admit());
        now.addAndGet(Duration.ofSeconds(59).toNanos());
        assertEquals(-1, limit.admit());
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertEquals(2, limit.admit());
        assertEquals(-1, limit.admit());
    }
}
