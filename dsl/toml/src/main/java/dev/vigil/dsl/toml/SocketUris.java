package dev.vigil.dsl.toml;

import dev.vigil.engine.model.SocketSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Reads socket declarations: {@code tcp://HOST:PORT} (an IPv6 address in brackets,
 * {@code tcp://[::1]:8080}) and {@code unix:///absolute/path} or {@code unix://relative/path}
 * (relative to the config folder).
 */
final class SocketUris {

    /** Linux's {@code sun_path} holds 108 bytes, one of them the terminating NUL. */
    static final int UNIX_PATH_MAX = 107;

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9._-]+)?");
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");

    private SocketUris() {}

    /**
     * The socket {@code uri} declares; a relative Unix path is resolved against {@code dir}.
     *
     * @throws IllegalArgumentException with a message for people
     */
    static SocketSpec parse(String uri, Path dir) {
        if (uri.startsWith("tcp://")) return tcp(uri, uri.substring("tcp://".length()));
        if (uri.startsWith("unix://")) return unix(uri, uri.substring("unix://".length()), dir);
        throw bad(uri, "use tcp://HOST:PORT or unix:///PATH");
    }

    private static SocketSpec.Tcp tcp(String uri, String rest) {
        String host;
        String port;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) throw bad(uri, "the [ before the IPv6 address is never closed");
            host = rest.substring(1, close);
            if (!IPV6.matcher(host).matches() || !host.contains(":")) throw bad(uri, "not an IPv6 address in [ ]");
            if (!rest.startsWith(":", close + 1)) throw bad(uri, "no port (use tcp://[::1]:PORT)");
            port = rest.substring(close + 2);
        } else {
            int colon = rest.lastIndexOf(':');
            if (colon < 0) throw bad(uri, "no port (use tcp://HOST:PORT)");
            host = rest.substring(0, colon);
            port = rest.substring(colon + 1);
            if (host.contains(":")) throw bad(uri, "put an IPv6 address in brackets, e.g. tcp://[::1]:8080");
            if (host.isEmpty()) throw bad(uri, "no host (use 0.0.0.0 for every IPv4 interface)");
            if (!HOST.matcher(host).matches()) throw bad(uri, "bad host " + TomlText.quote(host));
        }
        int number = PORT.matcher(port).matches() ? Integer.parseInt(port) : -1;
        if (number < 1 || number > 65535) throw bad(uri, "the port must be a number from 1 to 65535");
        return new SocketSpec.Tcp(host, number);
    }

    private static SocketSpec.Unix unix(String uri, String rest, Path dir) {
        if (rest.isEmpty()) throw bad(uri, "no path (use unix:///PATH)");
        Path path;
        try {
            path = dir.resolve(rest).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw bad(uri, "not a valid path");
        }
        int bytes = path.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > UNIX_PATH_MAX) {
            String which = rest.startsWith("/") ? "the path" : "the path " + path + " (from the config folder)";
            throw bad(
                    uri,
                    which + " is " + bytes + " bytes long, and a Unix socket path can have at most " + UNIX_PATH_MAX);
        }
        return new SocketSpec.Unix(path);
    }

    private static IllegalArgumentException bad(String uri, String why) {
        return new IllegalArgumentException("bad socket " + TomlText.quote(uri) + ": " + why);
    }
}
