package dev.vigil.engine.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** What a probe checks. Each target is validated when built, so a bad one is a config error, not a failing probe. */
public sealed interface ProbeTarget {

    /** Short, for messages: {@code http GET http://127.0.0.1:8080/health}. */
    String describe();

    /** Passes when a TCP connection to {@code host:port} is accepted. */
    record Tcp(String host, int port) implements ProbeTarget {
        public Tcp {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) throw new IllegalArgumentException("tcp probe: host is empty");
            if (port < 1 || port > 65535) throw new IllegalArgumentException("tcp probe: port must be 1-65535, was " + port);
        }

        @Override
        public String describe() {
            return "tcp " + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /**
     * Passes when a stream connection to the unix socket at {@code path} is accepted; a socket file with
     * no listener behind it fails ({@code connection refused}).
     */
    record Unix(Path path) implements ProbeTarget {
        public Unix {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String describe() {
            return "unix " + path;
        }
    }

    /**
     * Passes when a GET of {@code url} answers with a status in {@code statusMin..statusMax} and, when given,
     * a body containing {@code bodyContains} and a JSON body whose value at {@code jsonPointer} (RFC 6901)
     * equals {@code jsonEquals}. With a pointer and no {@code jsonEquals}, the value only has to exist.
     * Redirects are not followed (a 3xx is a status like any other).
     *
     * @param bodyContains a substring of the body, or null
     * @param jsonPointer e.g. {@code /status} or {@code /models/0/state}, or null
     * @param jsonEquals the raw string for a JSON string, the JSON text for anything else; or null
     */
    record Http(URI url, int statusMin, int statusMax, String bodyContains, String jsonPointer, String jsonEquals)
            implements ProbeTarget {

        public Http {
            Objects.requireNonNull(url, "url");
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("probe URL \"" + url + "\": scheme must be http or https");
            }
            if (url.getHost() == null) throw new IllegalArgumentException("probe URL \"" + url + "\": no host");
            if (statusMin < 100 || statusMax > 599 || statusMin > statusMax) {
                throw new IllegalArgumentException("http probe: status range " + statusMin + "-" + statusMax + " is not within 100-599");
            }
            if (jsonEquals != null && jsonPointer == null) throw new IllegalArgumentException("http probe: json value given without a json pointer");
            if (jsonPointer != null) pointerTokens(jsonPointer);
        }

        /** The reference tokens of an RFC 6901 pointer, unescaped; {@code ""} is the whole document. */
        public static List<String> pointerTokens(String pointer) {
            if (pointer.isEmpty()) return List.of();
            if (pointer.charAt(0) != '/') throw new IllegalArgumentException("json pointer \"" + pointer + "\" must start with /");
            List<String> tokens = new ArrayList<>();
            for (String raw : pointer.substring(1).split("/", -1)) {
                if (raw.replace("~0", "").replace("~1", "").indexOf('~') >= 0) {
                    throw new IllegalArgumentException("json pointer \"" + pointer + "\": ~ must be followed by 0 or 1");
                }
                tokens.add(raw.replace("~1", "/").replace("~0", "~"));
            }
            return tokens;
        }

        /** A GET of {@code url} that passes on 200-399. */
        public static Http get(String url) {
            return new Http(parseUrl(url), 200, 399, null, null, null);
        }

        /** Parses a probe URL, or says precisely why it does not parse. */
        public static URI parseUrl(String url) {
            Objects.requireNonNull(url, "url");
            try {
                return new URI(url);
            } catch (URISyntaxException e) {
                String where = e.getIndex() >= 0 ? " at index " + e.getIndex() : "";
                throw new IllegalArgumentException("probe URL \"" + url + "\" does not parse: " + e.getReason().toLowerCase(Locale.ROOT) + where, e);
            }
        }

        /** The wanted range for people: {@code 200-399}, or {@code 200}. */
        public String statusRange() {
            return statusMin == statusMax ? String.valueOf(statusMin) : statusMin + "-" + statusMax;
        }

        @Override
        public String describe() {
            return "http GET " + url;
        }
    }

    /**
     * Passes when {@code command} exits 0. It runs in {@code cwd} with vigil's environment plus {@code env},
     * in a process group of its own that is killed whole at the timeout. Output is discarded.
     */
    record Exec(List<String> command, Path cwd, Map<String, String> env) implements ProbeTarget {
        public Exec {
            command = List.copyOf(command);
            if (command.isEmpty() || command.getFirst().isBlank()) throw new IllegalArgumentException("exec probe: command is empty");
            Objects.requireNonNull(cwd, "cwd");
            env = Map.copyOf(env);
        }

        @Override
        public String describe() {
            return "exec " + command.stream().map(Exec::quote).collect(Collectors.joining(" "));
        }

        private static String quote(String arg) {
            if (!arg.isEmpty() && arg.chars().noneMatch(c -> Character.isWhitespace(c) || "'\"\\$`;&|<>()*?".indexOf(c) >= 0)) return arg;
            return "'" + arg.replace("'", "'\\''") + "'";
        }
    }
}
