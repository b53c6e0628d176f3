package dev.vigil.shell;

import dev.vigil.api.client.ControlClient;
import dev.vigil.api.client.SseReader;
import dev.vigil.api.json.Views;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * The live progress of one service while a blocking start or restart waits: each state change (per
 * child), the service's own STATUS= words and the elapsed time, on stderr so that stdout keeps the
 * one result line. Reads the event stream on a daemon thread; {@link #close} hangs up.
 */
final class Progress implements AutoCloseable {

    private final ControlClient.Stream stream;
    private final long started = System.nanoTime();

    private Progress(ControlClient.Stream stream) {
        this.stream = stream;
    }

    /** Starts following {@code service}; returns once the stream is open (so no change is missed). */
    static Progress follow(ControlClient client, String service, PrintWriter err) throws IOException {
        ControlClient.Stream s = client.open("GET", "/v1/events?service=" + Api.enc(service), null);
        Progress p = new Progress(s);
        SseReader sse = new SseReader(s.body());
        if (s.status() != 200) return p;
        SseReader.Sse first = sse.next(); // the snapshot: the stream is live from here on
        if (first == null) return p;
        Thread.ofPlatform().daemon().name("vigil-progress").start(() -> p.print(sse, err));
        return p;
    }

    private void print(SseReader sse, PrintWriter err) {
        try {
            for (SseReader.Sse e = sse.next(); e != null; e = sse.next()) {
                if (!e.event().equals("transition")) continue;
                Views.EventView v = Api.JSON.readValue(e.data(), Views.EventView.class);
                String who = v.child() == null ? v.service() : v.service() + "/" + v.child();
                double secs = (System.nanoTime() - started) / 1e9;
                err.printf("  %6.2fs  %s  %s -> %s%s%n", secs, who, v.from(), v.to(), v.cause() == null ? "" : "  " + v.cause());
                err.flush();
            }
        } catch (IOException closed) {
            // the wait is over
        }
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
