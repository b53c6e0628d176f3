package dev.vigil.dsl.toml;

import dev.vigil.engine.model.SocketSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Reads socket declarations: {@code tcp://HOST:PORT} (an IPv6 address in brackets,
 * {@code tcp://[::1]:8080}) and {@code unix:///absolute/path} or {@code unix://relative/path}
 * (relative to the config folder); and the same addresses without a scheme, as probes name them.
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
        try {
            if (uri.startsWith("tcp://")) return tcp(uri.substring("tcp://".length()), "tcp://");
            if (uri.startsWith("unix://")) return unix(uri.substring("unix://".length()), dir, "unix://");
        } catch (IllegalArgumentException why) {
            throw bad(uri, why.getMessage());
        }
        throw bad(uri, "use tcp://HOST:PORT or unix:///PATH");
    }

    /**
     * A TCP address written without a scheme, as a probe's {@code tcp} target: {@code HOST:PORT}, or
     * {@code [IPV6]:PORT}.
     *
     * @throws IllegalArgumentException with a message for people
     */
    static SocketSpec.Tcp address(String address) {
        try {
            if (address.contains("://")) throw why("write HOST:PORT, without a scheme");
            return tcp(address, "");
        } catch (IllegalArgumentException why) {
            throw new IllegalArgumentException("bad tcp address " + TomlText.quote(address) + ": " + why.getMessage());
        }
    }

    /**
     * A Unix socket path written without a scheme, as a probe's {@code unix} target; a relative one is
     * resolved against {@code dir}.
     *
     * @throws IllegalArgumentException with a message for people
     */
    static SocketSpec.Unix path(String path, Path dir) {
        try {
            return unix(path, dir, "");
        } catch (IllegalArgumentException why) {
            throw new IllegalArgumentException(
                    "bad unix socket path " + TomlText.quote(path) + ": " + why.getMessage());
        }
    }

    /** {@code rest}, the address after {@code scheme}; throws with the reason alone. */
    private static SocketSpec.Tcp tcp(String rest, String scheme) {
        String host;
        String port;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) throw why("the [ before the IPv6 address is never closed");
            host = rest.substring(1, close);
            if (!IPV6.matcher(host).matches() || !host.contains(":")) throw why("not an IPv6 address in [ ]");
            if (!rest.startsWith(":", close + 1)) throw why("no port (use " + scheme + "[::1]:PORT)");
            port = rest.substring(close + 2);
        } else {
            int colon = rest.lastIndexOf(':');
            if (colon < 0) throw why("no port (use " + scheme + "HOST:PORT)");
            host = rest.substring(0, colon);
            port = rest.substring(colon + 1);
            if (host.contains(":")) throw why("put an IPv6 address in brackets, e.g. " + scheme + "[::1]:8080");
            if (host.isEmpty()) {
                // A listener takes 0.0.0.0 for every interface; a probe connects, so only a real host helps.
                throw why(
                        scheme.isEmpty()
                                ? "no host (use e.g. 127.0.0.1:PORT)"
                                : "no host (use 0.0.0.0 for every IPv4 interface)");
            }
            if (!HOST.matcher(host).matches()) throw why("bad host " + TomlText.quote(host));
        }
        int number = PORT.matcher(port).matches() ? Integer.parseInt(port) : -1;
        if (number < 1 || number > 65535) throw why("the port must be a number from 1 to 65535");
        return new SocketSpec.Tcp(host, number);
    }

    /** {@code rest}, the path after {@code scheme}; throws with the reason alone. */
    private static SocketSpec.Unix unix(String rest, Path dir, String scheme) {
        if (rest.isEmpty()) throw why(scheme.isEmpty() ? "no path" : "no path (use unix:///PATH)");
        Path path;
        try {
            path = dir.resolve(rest).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw why("not a valid path");
        }
        int bytes = path.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > UNIX_PATH_MAX) {
            String which = rest.startsWith("/") ? "the path" : "the path " + path + " (from the config folder)";
            throw why(which + " is " + bytes + " bytes long, and a Unix socket path can have at most " + UNIX_PATH_MAX);
        }
        return new SocketSpec.Unix(path);
    }

    private static IllegalArgumentException why(String why) {
        return new IllegalArgumentException(why);
    }

    private static IllegalArgumentException bad(String uri, String why) {
        return new IllegalArgumentException("bad socket " + TomlText.quote(uri) + ": " + why);
    }
}
