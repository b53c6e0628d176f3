package dev.vigil.engine.os;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Who listens on a TCP port, from {@code /proc/net/tcp} and {@code /proc/net/tcp6} (the socket's
 * inode) and {@code /proc/PID/fd} (which process holds it).
 */
public final class PortOwner {

    private static final String LISTEN = "0A";

    private PortOwner() {}

    /** A listener on the port: its pid (0 when /proc does not tell) and command name. */
    public record Listener(long pid, String command) {
        @Override
        public String toString() {
            return pid == 0 ? "another process" : "pid " + pid + " (" + command + ")";
        }
    }

    /** The listener on {@code port} on any address, if there is one. */
    public static Optional<Listener> listenerOn(int port) {
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(table));
            } catch (IOException e) {
                continue;
            }
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 10 || !f[3].equals(LISTEN)) continue;
                String local = f[1];
                int p = Integer.parseInt(local.substring(local.indexOf(':') + 1), 16);
                if (p == port) return Optional.of(owner(f[9]));
            }
        }
        return Optional.empty();
    }

    private static Listener owner(String inode) {
        String wanted = "socket:[" + inode + "]";
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path proc : procs) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
                    for (Path fd : fds) {
                        if (Files.readSymbolicLink(fd).toString().equals(wanted)) {
                            return new Listener(Long.parseLong(proc.getFileName().toString()), Files.readString(proc.resolve("comm")).trim());
                        }
                    }
                } catch (IOException | SecurityException gone) {
                    // not ours to read, or exited meanwhile
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return new Listener(0, "?");
    }
}
