package dev.vigil.engine.os;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Size-based copy-truncate rotation of the services' log files: {@code NAME.log} over {@code
 * maxBytes} is copied to {@code NAME.log.1} (older ones shift up to {@code keep}) and truncated in
 * place. The children write with O_APPEND, so their next write lands at the new end.
 *
 * <p>A check costs one {@code stat} per file; the daemon runs it every few seconds (the kernel has
 * no "file grew past N bytes" notification).
 */
public final class LogRotation {

    private static final Logger LOG = LoggerFactory.getLogger(LogRotation.class);
    private final Path dir;
    private final long maxBytes;
    private final int keep;

    public LogRotation(Path dir, long maxBytes, int keep) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.keep = keep;
    }

    /** Rotates every {@code *.log} in the folder that is over the limit. */
    public void rotateDue() {
        if (!Files.isDirectory(dir)) return;
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(dir, "*.log")) {
            for (Path log : logs) {
                if (Files.size(log) > maxBytes) rotate(log);
            }
        } catch (IOException e) {
            LOG.warn("log rotation in {} failed: {}", dir, e.toString());
        }
    }

    void rotate(Path log) throws IOException {
        String name = log.getFileName().toString();
        if (keep > 0) {
            Files.deleteIfExists(log.resolveSibling(name + "." + keep));
            for (int i = keep - 1; i >= 1; i--) {
                Path from = log.resolveSibling(name + "." + i);
                if (Files.exists(from)) Files.move(from, log.resolveSibling(name + "." + (i + 1)), StandardCopyOption.REPLACE_EXISTING);
            }
            try (InputStream in = Files.newInputStream(log);
                    OutputStream out = Files.newOutputStream(log.resolveSibling(name + ".1"))) {
                in.transferTo(out);
            }
        }
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
    }
}
