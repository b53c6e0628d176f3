package dev.vigil.api.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.api.json.Views;
import dev.vigil.engine.event.Event;
import dev.vigil.engine.event.EventBus;
import dev.vigil.engine.event.Subscription;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /v1/events}: Server-Sent Events. First one {@code snapshot} event (every service), then
 * one {@code transition} event per engine event, each a single JSON object on one {@code data:}
 * line, flushed at once. A client too slow to keep up gets an {@code error} event and the stream
 * ends; it may reconnect for a fresh snapshot.
 */
final class EventStream {

    private static final int CAPACITY = 8192;
    private static final Duration KEEPALIVE = Duration.ofSeconds(15);
    private static final Duration TICK = Duration.ofSeconds(1);
    private final EventBus bus;
    private final ObjectMapper mapper;
    private final BooleanSupplier stopping;

    EventStream(EventBus bus, ObjectMapper mapper, BooleanSupplier stopping) {
        this.bus = bus;
        this.mapper = mapper;
        this.stopping = stopping;
    }

    void stream(Response response, Callback callback, String service) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        try (Subscription sub = bus.subscribe(CAPACITY)) {
            var services = sub.snapshot().stream().filter(s -> service == null || s.name().equals(service)).map(Views::service).toList();
            send(response, "snapshot", null, mapper.writeValueAsString(new Views.Snapshot(sub.snapshotSeq(), services)));
            long quiet = 0;
            while (!stopping.getAsBoolean()) {
                Event e = sub.next(TICK);
                if (e == null) {
                    quiet += TICK.toMillis();
                    if (quiet >= KEEPALIVE.toMillis()) {
                        write(response, ": keepalive\n\n");
                        quiet = 0;
                    }
                    continue;
                }
                quiet = 0;
                if (service == null || service.equals(e.service())) {
                    send(response, "transition", String.valueOf(e.seq()), mapper.writeValueAsString(Views.event(e)));
                }
            }
            response.write(true, ByteBuffer.allocate(0), callback);
        } catch (Subscription.CutOffException e) {
            try {
                send(response, "error", null, mapper.writeValueAsString(Views.error("slow_subscriber", e.getMessage())));
                response.write(true, ByteBuffer.allocate(0), callback);
            } catch (IOException gone) {
                callback.failed(gone);
            }
        } catch (IOException e) {
            callback.failed(e); // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            callback.failed(e);
        }
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
