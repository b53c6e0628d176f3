package dev.vigil.api.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.api.json.Views;
import dev.vigil.engine.event.Event;
import dev.vigil.engine.event.EventBus;
import dev.vigil.engine.event.Subscription;
import dev.vigil.engine.model.TaskTemplate;
import dev.vigil.engine.task.TaskEvent;
import dev.vigil.engine.task.Tasks;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /v1/events}: Server-Sent Events. First one {@code snapshot} event (every service), then
 * one {@code transition} event per engine event and one {@code task} event per task transition,
 * each a single JSON object on one {@code data:} line, flushed at once. A client too slow to keep up
 * gets an {@code error} event and the stream ends; it may reconnect for a fresh snapshot.
 *
 * <p>Service events and task events come from two sources; a virtual thread forwards the service
 * subscription and a listener hands task events into one queue, which this thread writes out.
 */
final class EventStream {

    private static final int CAPACITY = 8192;
    private static final Duration KEEPALIVE = Duration.ofSeconds(15);
    private static final Duration TICK = Duration.ofSeconds(1);
    private final EventBus bus;
    private final Tasks tasks;
    private final ObjectMapper mapper;
    private final BooleanSupplier stopping;

    /** {@code tasks} may be null: no task events then. */
    EventStream(EventBus bus, Tasks tasks, ObjectMapper mapper, BooleanSupplier stopping) {
        this.bus = bus;
        this.tasks = tasks;
        this.mapper = mapper;
        this.stopping = stopping;
    }

    /** The end of a source: cut off for being slow, or the forwarder's stop. */
    private record Ended(String reason) {}

    void stream(Response response, Callback callback, String service) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(CAPACITY + 1);
        Thread forwarder = null;
        AutoCloseable taskListener = null;
        try (Subscription sub = bus.subscribe(CAPACITY)) {
            var services = sub.snapshot().stream().filter(s -> service == null || s.name().equals(service)).map(Views::service).toList();
            send(response, "snapshot", null, mapper.writeValueAsString(new Views.Snapshot(sub.snapshotSeq(), services)));
            forwarder = Thread.ofVirtual().name("vigil-sse-forward").start(() -> forward(sub, queue));
            if (tasks != null) taskListener = tasks.listen(e -> {
                if (concerns(e, service) && !queue.offer(e)) { // fell behind: say so at once
                    queue.clear();
                    queue.offer(new Ended("slow subscriber: fell behind at task event " + e.seq() + "; subscribe again for a new snapshot"));
                }
            });
            long quiet = 0;
            while (!stopping.getAsBoolean()) {
                Object next = queue.poll(TICK.toMillis(), TimeUnit.MILLISECONDS);
                if (next == null) {
                    quiet += TICK.toMillis();
                    if (quiet >= KEEPALIVE.toMillis()) {
                        write(response, ": keepalive\n\n");
                        quiet = 0;
                    }
                    continue;
                }
                quiet = 0;
                switch (next) {
                    case Event e -> {
                        if (service == null || service.equals(e.service())) {
                            send(response, "transition", String.valueOf(e.seq()), mapper.writeValueAsString(Views.event(e)));
                        }
                    }
                    case TaskEvent t -> send(response, "task", null, mapper.writeValueAsString(Views.taskEvent(t)));
                    case Ended end -> {
                        send(response, "error", null, mapper.writeValueAsString(Views.error("slow_subscriber", end.reason())));
                        response.write(true, ByteBuffer.allocate(0), callback);
                        return;
                    }
                    default -> throw new IllegalStateException("unexpected " + next);
                }
            }
            response.write(true, ByteBuffer.allocate(0), callback);
        } catch (IOException e) {
            callback.failed(e); // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            callback.failed(e);
        } finally {
            if (forwarder != null) forwarder.interrupt();
            if (taskListener != null) {
                try {
                    taskListener.close();
                } catch (Exception ignored) {
                    // removing a listener does not fail
                }
            }
        }
    }

    /** Hands the service subscription's events to {@code queue} until cut off or interrupted. */
    private void forward(Subscription sub, BlockingQueue<Object> queue) {
        try {
            while (!stopping.getAsBoolean()) {
                Event e = sub.next(TICK);
                if (e != null) queue.put(e);
            }
        } catch (Subscription.CutOffException e) {
            queue.clear(); // behind anyway: the client learns it at once and resubscribes
            queue.offer(new Ended(e.getMessage()));
        } catch (InterruptedException e) {
            // the stream ended
        }
    }

    /** With {@code ?service=NAME}, only the tasks of templates that belong to that service. */
    private boolean concerns(TaskEvent e, String service) {
        if (service == null) return true;
        TaskTemplate t = tasks.templates().get(e.task().template());
        return t != null && t.service().filter(service::equals).isPresent();
    }

    private void send(Response response, String event, String id, String json) throws IOException {
        StringBuilder sb = new StringBuilder(json.length() + 48);
        if (id != null) sb.append("id: ").append(id).append('\n');
        sb.append("event: ").append(event).append('\n').append("data: ").append(json).append("\n\n");
        write(response, sb.toString());
    }

    static void write(Response response, String text) throws IOException {
        try (Blocker.Callback cb = Blocker.callback()) {
            response.write(false, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), cb);
            cb.block();
        }
    }
}
