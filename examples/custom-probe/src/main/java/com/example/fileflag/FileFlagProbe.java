package com.example.fileflag;

import dev.vigil.engine.spi.Probe;
import dev.vigil.engine.spi.ProbeResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One service's flag file, read on every check: absent means STARTING, present and saying
 * {@code ready} means READY, present with anything else means WARMING (its first line is the detail,
 * and a percentage in it, as in {@code loading 40%}, is the progress).
 *
 * <p>A check is one small file read, far inside any deadline, so it ignores {@code deadline}; a
 * probe that waits on the network would give each request {@code Duration.between(now, deadline)}.
 * Immutable, so safe however vigil calls it.
 */
final class FileFlagProbe implements Probe {

    /** Enough for a status word; a flag file is not a log. */
    private static final int MAX_BYTES = 4096;

    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3})%");

    private final Path path;

    FileFlagProbe(Path path) {
        this.path = path;
    }

    @Override
    public ProbeResult check(Instant deadline) throws IOException {
        String content;
        try (InputStream in = Files.newInputStream(path)) {
            content = new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new ProbeResult.Starting("no flag file " + path + " yet");
        }
        // Anything else that goes wrong (permission denied, a folder at the path) is thrown: vigil
        // turns it into a definitive failure, which is what it is.
        if (content.contains("ready")) return new ProbeResult.Ready(List.of(), "flag says ready");
        String first = content.strip().lines().findFirst().orElse("");
        if (first.isEmpty()) return new ProbeResult.Warming("flag file is empty", null);
        Matcher percent = PERCENT.matcher(first);
        Double progress = percent.find() ? Math.min(100, Integer.parseInt(percent.group(1))) / 100.0 : null;
        return new ProbeResult.Warming("flag says " + first, progress);
    }
}
