package dev.vigil.api.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One request per connection to the control socket. Thread-safe (it holds no connection).
 *
 * <pre>{@code
 * var client = new ControlClient(Path.of(".vigil/control.sock"));
 * ControlClient.Response r = client.send("GET", "/v1/services", null);
 * }</pre>
 */
public final class ControlClient {

    private final Path socket;

    public ControlClient(Path socket) {
        this.socket = socket;
    }

    public Path socket() {
        return socket;
    }

    /** A whole response. */
    public record Response(int status, Map<String, String> headers, String body) {}

    /**
     * Sends a request and reads the whole response.
     *
     * @throws Unreachable when nothing listens on the socket
     */
    public Response send(String method, String path, String jsonBody) throws IOException {
        try (Stream s = open(method, path, jsonBody)) {
            return new Response(s.status(), s.headers(), new String(s.body().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** Sends a request and returns the response as it arrives (for event streams and log tails). */
    public Stream open(String method, String path, String jsonBody) throws IOException {
        SocketChannel ch;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            throw new Unreachable(socket, e);
        }
        try {
            OutputStream out = Channels.newOutputStream(ch);
            byte[] body = jsonBody == null ? new byte[0] : jsonBody.getBytes(StandardCharsets.UTF_8);
            StringBuilder req = new StringBuilder()
                    .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append("Host: localhost\r\nConnection: close\r\nAccept: */*\r\n");
            if (jsonBody != null) req.append("Content-Type: application/json\r\n");
            if (jsonBody != null || !method.equals("GET")) req.append("Content-Length: ").append(body.length).append("\r\n");
            req.append("\r\n");
            out.write(req.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = new BufferedInputStream(Channels.newInputStream(ch), 16384);
            String[] status = readLine(in).split(" ", 3);
            if (status.length < 2 || !status[0].startsWith("HTTP/1.")) throw new IOException("not an HTTP response: " + String.join(" ", status));
            Map<String, String> headers = new TreeMap<>();
            for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                int colon = line.indexOf(':');
                if (colon > 0) headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            InputStream bodyIn;
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) bodyIn = new ChunkedInputStream(in);
            else if (headers.containsKey("content-length")) bodyIn = new BoundedInputStream(in, Long.parseLong(headers.get("content-length")));
            else bodyIn = in;
            return new Stream(ch, Integer.parseInt(status[1]), headers, bodyIn);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') break;
            if (b != '\r') line.write(b);
        }
        if (b == -1 && line.size() == 0) throw new IOException("connection closed by vigil");
        return line.toString(StandardCharsets.UTF_8);
    }

    /** A response being received. Close it to hang up. */
    public record Stream(SocketChannel channel, int status, Map<String, String> headers, InputStream body) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** Nothing answers on the control socket: no vigil is running there. */
    public static final class Unreachable extends IOException {
        public Unreachable(Path socket, IOException cause) {
            super("no vigil answers on " + socket + " (" + cause.getMessage() + "); start one with `vigil up DIR` or `vigil daemon DIR`,"
                    + " or name its socket with --socket", cause);
        }
    }
}
