package dev.vigil.api.server;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /v1/services/NAME/logs}: the last {@code n} lines of a child's log file as text, then,
 * with {@code follow}, everything appended to it as it is written (inotify through the JDK
 * WatchService). A rotation (the file truncated) starts the tail again from the top.
 */
final class LogTail {

    private final BooleanSupplier stopping;

    LogTail(BooleanSupplier stopping) {
        this.stopping = stopping;
    }

    void stream(Response response, Callback callback, Path file, int lines, boolean follow) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        try (WatchService watch = follow ? FileSystems.getDefault().newWatchService() : null) {
            if (watch != null) {
                Files.createDirectories(file.getParent());
                file.getParent().register(watch, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_CREATE);
            }
            long offset = Files.exists(file) ? Files.size(file) : 0;
            write(response, lastLines(file, offset, lines));
            while (watch != null && !stopping.getAsBoolean()) {
                WatchKey key = watch.poll(500, TimeUnit.MILLISECONDS);
                if (key == null) continue;
                key.pollEvents();
                key.reset();
                long size = Files.exists(file) ? Files.size(file) : 0;
                if (size < offset) offset = 0;
                if (size > offset) {
                    write(response, read(file, offset, size));
                    offset = size;
                }
            }
            response.write(true, ByteBuffer.allocate(0), callback);
        } catch (IOException e) {
            callback.failed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            callback.failed(e);
        }
    }

    /** The bytes of the last {@code n} lines before {@code end}. */
    static byte[] lastLines(Path file, long end, int n) throws IOException {
        if (n == 0 || end == 0) return new byte[0];
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long pos = end;
            int newlines = 0;
            byte[] block = new byte[8192];
            long start = 0;
            outer:
            while (pos > 0) {
                int len = (int) Math.min(block.length, pos);
                pos -= len;
                f.seek(pos);
                f.readFully(block, 0, len);
                for (int i = len - 1; i >= 0; i--) {
                    // The newline ending the last line does not start a line of its own.
                    if (block[i] == '\n' && pos + i != end - 1 && ++newlines == n) {
                        start = pos + i + 1;
                        break outer;
                    }
                }
            }
            return read(f, start, end);
        }
    }

    private static byte[] read(Path file, long from, long to) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            return read(f, from, to);
        }
    }

    private static byte[] read(RandomAccessFile f, long from, long to) throws IOException {
        byte[] b = new byte[(int) Math.min(to - from, 16 << 20)];
        f.seek(from);
        f.readFully(b);
        return b;
    }

    private static void write(Response response, byte[] bytes) throws IOException {
        if (bytes.length == 0) return;
        try (Blocker.Callback cb = Blocker.callback()) {
            response.write(false, ByteBuffer.wrap(bytes), cb);
            cb.block();
        }
    }
}
