package dev.vigil.shell;

import dev.vigil.api.client.ControlClient;
import dev.vigil.api.client.SseReader;
import java.io.IOError;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import org.jline.reader.LineReader;
import org.jline.reader.impl.LineReaderImpl;

/**
 * Keeps the prompt's ready count true while a person sits at it: follows the daemon's event stream
 * and, on each state change, redraws the prompt in place (the line being typed is kept). Lost
 * streams (vigil restarting) are opened again every two seconds.
 *
 * <p>Its own daemon thread; touches the {@link LineReader} only through JLine's locked calls, and
 * only while it reads a line.
 */
final class LivePrompt implements AutoCloseable {

    private static final Duration RETRY = Duration.ofSeconds(2);
    private final ControlClient client;
    private final Supplier<String> prompt;
    private final LineReader reader;
    private volatile boolean closed;
    private volatile boolean held;
    private volatile ControlClient.Stream stream;

    private LivePrompt(ControlClient client, Supplier<String> prompt, LineReader reader) {
        this.client = client;
        this.prompt = prompt;
        this.reader = reader;
    }

    static LivePrompt start(Path socket, Supplier<String> prompt, LineReader reader) {
        LivePrompt live = new LivePrompt(new ControlClient(socket), prompt, reader);
        Thread.ofPlatform().daemon().name("vigil-live-prompt").start(live::follow);
        return live;
    }

    private void follow() {
        while (!closed) {
            try (ControlClient.Stream s = client.open("GET", "/v1/events", null)) {
                stream = s;
                if (closed) return;
                SseReader sse = new SseReader(s.body());
                for (SseReader.Sse e = sse.next(); e != null && !closed; e = sse.next()) {
                    if (e.event().equals("transition")) redraw();
                }
            } catch (IOException | RuntimeException e) {
                // vigil gone or restarting: the prompt says "(no answer)" at the next line
            }
            try {
                if (!closed) Thread.sleep(RETRY);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** While held (another question is being asked), the prompt is left alone. */
    void hold(boolean held) {
        this.held = held;
    }

    private void redraw() {
        if (held || !reader.isReading() || !(reader instanceof LineReaderImpl impl)) return;
        String text = prompt.get();
        if (held) return;
        try {
            impl.setPrompt(text);
            reader.callWidget(LineReader.REDRAW_LINE);
            reader.callWidget(LineReader.REDISPLAY);
        } catch (IllegalStateException | IOError notReadingAnyMore) {
            // the line was entered meanwhile (or the terminal is gone); the next prompt is fresh anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        ControlClient.Stream s = stream;
        if (s == null) return;
        try {
            s.close();
        } catch (IOException e) {
            // closing only
        }
    }
}
