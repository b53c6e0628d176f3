package dev.vigil.api.client;

import java.io.IOException;
import java.io.InputStream;

/** Decodes an HTTP/1.1 chunked body as it arrives. */
final class ChunkedInputStream extends InputStream {

    private final InputStream in;
    private long left;
    private boolean done;

    ChunkedInputStream(InputStream in) {
        this.in = in;
    }

    private boolean nextChunk() throws IOException {
        if (done) return false;
        if (left == 0) {
            String size = ControlClient.readLine(in);
            if (size.isEmpty()) size = ControlClient.readLine(in); // the CRLF after the previous chunk
            int semi = size.indexOf(';');
            left = Long.parseLong((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
            if (left == 0) {
                done = true;
                return false;
            }
        }
        return true;
    }

    @Override
    public int read() throws IOException {
        if (!nextChunk()) return -1;
        int b = in.read();
        if (b >= 0) left--;
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (!nextChunk()) return -1;
        int n = in.read(b, off, (int) Math.min(len, left));
        if (n > 0) left -= n;
        return n;
    }
}
