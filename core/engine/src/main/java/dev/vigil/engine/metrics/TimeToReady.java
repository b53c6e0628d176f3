package dev.vigil.engine.metrics;

import dev.vigil.engine.event.Event;
import dev.vigil.engine.model.ServiceState;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * How long each service took from STARTING to its first healthy state (READY, or SERVING or IDLE
 * where a provider reports those instead), from the events' own instants.
 *
 * <p>An event-bus listener: {@link #accept} runs under the bus's lock, so it does two map
 * operations and at most one observation, nothing more. A start that leaves for STOPPING, CRASHED,
 * FAILED, COMPLETED or OFFLINE before it is healthy is forgotten, not observed; a later return to
 * READY (after UNHEALTHY or WARMING) is not a new start. An adopted service never passed STARTING
 * here, so it has no observation. {@link #snapshot} may run on any thread.
 */
final class TimeToReady implements Consumer<Event> {

    private final double[] bounds;
    private final Map<String, Instant> startedAt = new ConcurrentHashMap<>();
    private final Map<String, Histogram> byService = new ConcurrentHashMap<>();

    TimeToReady(double[] bounds) {
        this.bounds = bounds.clone();
    }

    @Override
    public void accept(Event e) {
        ServiceState to = e.to();
        if (to == ServiceState.STARTING) {
            startedAt.putIfAbsent(e.service(), e.time()); // WARMING → STARTING is the same start
        } else if (to == ServiceState.READY || to == ServiceState.SERVING || to == ServiceState.IDLE) {
            Instant start = startedAt.remove(e.service());
            if (start != null) byService.computeIfAbsent(e.service(), s -> new Histogram(bounds)).observe(Duration.between(start, e.time()).toNanos());
        } else if (!to.isRunning()) {
            startedAt.remove(e.service());
        }
    }

    /** The service's histogram; all zeros when it never became ready. */
    Histogram.Snapshot snapshot(String service) {
        Histogram h = byService.get(service);
        return (h != null ? h : new Histogram(bounds)).snapshot();
    }
}
