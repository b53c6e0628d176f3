package dev.vigil.emulators;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The emulators' timed waits (bind delay, load delay, ...). A wait is registered by
 * {@link #begin} before the emulator publishes the phase it waits in, so a test that sees the
 * phase can end it early with {@link #advance} without racing.
 */
final class Pacer {
    private final Set<CountDownLatch> waits = ConcurrentHashMap.newKeySet();
    private final CountDownLatch closed = new CountDownLatch(1);

    /** A registered wait; {@link #await()} runs it. */
    final class Wait {
        private final CountDownLatch latch = new CountDownLatch(1);
        private final Duration length;

        private Wait(Duration length) {
            this.length = length;
            waits.add(latch);
        }

        /** Waits out the length (or until advanced); false if the emulator closed meanwhile. */
        boolean await() throws InterruptedException {
            try {
                if (!length.isZero() && !isClosed()) latch.await(length.toNanos(), TimeUnit.NANOSECONDS);
            } finally {
                waits.remove(latch);
            }
            return !isClosed();
        }
    }

    Wait begin(Duration length) { return new Wait(length); }

    boolean pause(Duration length) throws InterruptedException { return begin(length).await(); }

    /**
     * Ends every wait in progress at once. The set is copied first so that a wait begun by a
     * thread this call wakes (the load delay after the bind delay) is not ended too.
     */
    void advance() { List.copyOf(waits).forEach(CountDownLatch::countDown); }

    /** Blocks until the emulator closes: how a hung request hangs. */
    void hangUntilClosed() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sleeps for {@code d} unless the emulator closes first; advance() does not cut it short. */
    void sleepUnlessClosed(Duration d) throws InterruptedException {
        closed.await(d.toNanos(), TimeUnit.NANOSECONDS);
    }

    boolean isClosed() { return closed.getCount() == 0; }

    void close() {
        closed.countDown();
        advance();
    }
}
