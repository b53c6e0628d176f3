package dev.vigil.engine.event;

import dev.vigil.engine.model.ServiceStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's event bus: numbers events, keeps the latest status of every service, and hands both
 * to subscribers.
 *
 * <p>Thread-safe. {@link #publish} never blocks on a subscriber: it takes one short lock (so that
 * sequence numbers, the status table and every queue agree), offers to bounded queues, and cuts off
 * a subscriber whose queue is full. Listeners ({@link #listen}) run synchronously under that lock and
 * must only hand the event off (the store, a metrics counter).
 */
public final class EventBus {

    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);
    private final Object lock = new Object();
    private final Map<String, ServiceStatus> latest = new TreeMap<>();
    private final List<Subscription> subscribers = new CopyOnWriteArrayList<>();
    private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong published = new AtomicLong();
    private long seq;

    /**
     * Publishes a service's new status and the events that led to it, in order. The events' own
     * {@code seq} is ignored and replaced with the bus's next numbers.
     *
     * @return the events as numbered
     */
    public List<Event> publish(ServiceStatus status, List<Event> events) {
        List<Event> numbered = new ArrayList<>(events.size());
        synchronized (lock) {
            latest.put(status.name(), status);
            for (Event e : events) {
                Event n = e.withSeq(++seq);
                numbered.add(n);
                deliver(n);
            }
        }
        published.addAndGet(events.size());
        return numbered;
    }

    /** Forgets a service that is no longer declared. */
    public void remove(String service) {
        synchronized (lock) {
            latest.remove(service);
        }
    }

    private void deliver(Event e) {
        for (Consumer<Event> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException ex) {
                LOG.error("event listener failed on seq {}", e.seq(), ex);
            }
        }
        for (Subscription s : subscribers) {
            if (!s.offer(e)) {
                subscribers.remove(s);
                s.cutOff("slow subscriber: fell behind at seq " + e.seq() + "; subscribe again for a new snapshot");
                LOG.warn("cut off a slow event subscriber at seq {}", e.seq());
            }
        }
    }

    /** A new subscriber: the current status of every service, then every event after it. */
    public Subscription subscribe(int capacity) {
        synchronized (lock) {
            List<ServiceStatus> snap = new ArrayList<>(latest.values());
            snap.sort(Comparator.comparing(ServiceStatus::name));
            Subscription s = new Subscription(this, snap, seq, capacity);
            subscribers.add(s);
            return s;
        }
    }

    /** Registers a synchronous listener; it must not block. */
    public void listen(Consumer<Event> listener) {
        listeners.add(listener);
    }

    void unsubscribe(Subscription s) {
        subscribers.remove(s);
    }

    /** How many subscribers are connected now. */
    public int subscriberCount() {
        return subscribers.size();
    }

    /** How many events were published since start. */
    public long publishedCount() {
        return published.get();
    }
}
