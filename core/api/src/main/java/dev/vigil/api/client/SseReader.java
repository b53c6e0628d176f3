package dev.vigil.api.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Reads Server-Sent Events from a response body, one event at a time; comments are skipped. */
public final class SseReader {

    private final BufferedReader in;

    public SseReader(InputStream body) {
        this.in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    /** One event: its type ({@code message} when unnamed), id (or null) and data. */
    public record Sse(String event, String id, String data) {}

    /** The next event, or null at the end of the stream. Blocks until one arrives. */
    public Sse next() throws IOException {
        String event = "message";
        String id = null;
        StringBuilder data = null;
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) return new Sse(event, id, data.toString());
                continue;
            }
            if (line.startsWith(":")) continue;
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1).stripLeading();
            switch (field) {
                case "event" -> event = value;
                case "id" -> id = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                default -> {}
            }
        }
        return null;
    }
}
