package dev.vigil.engine.event;

import dev.vigil.engine.model.ServiceStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One subscriber's view of the bus: a snapshot taken atomically with registration, then the events
 * after it. Read from one thread.
 *
 * <p>When the subscriber falls {@code capacity} events behind, the bus cuts it off: the events
 * already queued can still be read, then {@link #next} throws {@link CutOffException} with the
 * reason. Nothing is silently dropped.
 */
public final class Subscription implements AutoCloseable {

    private final EventBus bus;
    private final List<ServiceStatus> snapshot;
    private final long snapshotSeq;
    private final BlockingQueue<Event> queue;
    private volatile String cutOff;

    Subscription(EventBus bus, List<ServiceStatus> snapshot, long snapshotSeq, int capacity) {
        this.bus = bus;
        this.snapshot = List.copyOf(snapshot);
        this.snapshotSeq = snapshotSeq;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Every service as it was when the subscription began. */
    public List<ServiceStatus> snapshot() {
        return snapshot;
    }

    /** The sequence number of the last event before the snapshot (events after it follow). */
    public long snapshotSeq() {
        return snapshotSeq;
    }

    /**
     * The next event, waiting at most {@code timeout}; null if none came in time.
     *
     * @throws CutOffException once the queued events are read, if the bus cut this subscriber off
     */
    public Event next(Duration timeout) throws InterruptedException, CutOffException {
        Event e = queue.poll();
        if (e != null) return e;
        if (cutOff != null) throw new CutOffException(cutOff);
        e = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (e == null && cutOff != null) throw new CutOffException(cutOff);
        return e;
    }

    boolean offer(Event e) {
        return queue.offer(e);
    }

    void cutOff(String reason) {
        cutOff = reason;
    }

    @Override
    public void close() {
        bus.unsubscribe(this);
    }

    /** The bus stopped delivering to this subscriber; it may subscribe again. */
    public static final class CutOffException extends Exception {
        public CutOffException(String reason) {
            super(reason);
        }
    }
}
