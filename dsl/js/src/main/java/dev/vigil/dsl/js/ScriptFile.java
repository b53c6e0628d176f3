package dev.vigil.dsl.js;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.graalvm.polyglot.Source;

/**
 * A script file, re-read when it changes: each {@link #source} compares the file's modification time
 * and size with what was read last (one {@code stat}), so an edited hook takes effect at its next
 * call without a reload of vigil.
 *
 * <p>Thread-safe.
 */
final class ScriptFile {

    private final Path path;
    private final String name;
    private Source source;
    private java.nio.file.attribute.FileTime modified;
    private long size = -1;
    private long version;

    /** {@code name} is how messages call it, e.g. {@code hooks/ready.js}. */
    ScriptFile(Path path, String name) {
        this.path = path;
        this.name = name;
    }

    /** The file's name relative to {@code dir} when it lies inside, else its full path. */
    static String nameIn(Path dir, Path file) {
        Path f = file.toAbsolutePath().normalize();
        Path d = dir.toAbsolutePath().normalize();
        return f.startsWith(d) ? d.relativize(f).toString() : f.toString();
    }

    Path path() {
        return path;
    }

    String name() {
        return name;
    }

    /**
     * The script as it is now on disk.
     *
     * @throws IOException when it cannot be read (removed, unreadable)
     */
    synchronized Source source() throws IOException {
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
        var m = a.lastModifiedTime();
        if (source == null || !m.equals(modified) || a.size() != size) {
            String text = Files.readString(path);
            source = Source.newBuilder("js", text, name).buildLiteral();
            modified = m;
            size = a.size();
            version++;
        }
        return source;
    }

    /** Increases each time {@link #source} read a changed file. */
    synchronized long version() {
        return version;
    }
}
