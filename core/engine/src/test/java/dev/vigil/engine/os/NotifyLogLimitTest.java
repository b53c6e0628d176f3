package dev.vigil.engine.os;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NotifyLogLimitTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final NotifyLogLimit limit = new NotifyLogLimit(now::get, Duration.ofSeconds(1));

    @Test
    void firstLine_passes() {
        assertEquals(0, limit.admit());
    }

    @Test
    void linesWithinASecond_areHeldBack_andCountedOnTheNextLine() {
        assertEquals(0, limit.admit());
        now.addAndGet(Duration.ofMillis(10).toNanos());
        assertEquals(-1, limit.admit());
        now.addAndGet(Duration.ofMillis(900).toNanos());
        assertEquals(-1, limit.admit());
        now.addAndGet(Duration.ofMillis(90).toNanos());
        assertEquals(2, limit.admit());
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertEquals(0, limit.admit());
    }
}
