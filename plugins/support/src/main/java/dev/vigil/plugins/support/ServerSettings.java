package dev.vigil.plugins.support;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the built-in TTS/STT providers read the same way from their {@code [provider]} table: the
 * server's root URL (given, or taken from the service's declared sockets) and the wording of an
 * unknown key. Stateless; {@code java.*} only, so the caller turns a refusal into its own
 * configuration error.
 */
public final class ServerSettings {

    private ServerSettings() {}

    /**
     * {@code url} as a root to resolve paths against: http(s) with a host, no user info, query or
     * fragment, no trailing slash.
     *
     * @throws IllegalArgumentException whose message says what is wrong with the {@code url} key
     */
    public static URI httpRoot(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new IllegalArgumentException("not an http URL");
        }
        if (url.getRawUserInfo() != null) throw new IllegalArgumentException("must not carry user info");
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException("must not carry a query or fragment (give the server's root)");
        }
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        while (path.endsWith("/")) path = path.substring(0, path.length() - 1);
        return URI.create(scheme + "://" + url.getRawAuthority() + path);
    }

    /** The first declared {@code tcp://HOST:PORT} as an http root (a wildcard bind address as loopback), if any. */
    public static Optional<URI> firstTcp(List<URI> endpoints) {
        for (URI e : endpoints) {
            if ("tcp".equalsIgnoreCase(e.getScheme()) && e.getHost() != null && e.getPort() > 0) {
                return Optional.of(URI.create("http://" + connectable(e.getHost()) + ":" + e.getPort()));
            }
        }
        return Optional.empty();
    }

    /** A wildcard bind address is not one to connect to: use the loopback of the same family. */
    private static String connectable(String host) {
        return switch (host) {
            case "0.0.0.0", "" -> "127.0.0.1";
            case "[::]", "::", "[0:0:0:0:0:0:0:0]" -> "[::1]";
            default -> host;
        };
    }

    /** The message for an unknown {@code key} of provider {@code kind}: the nearest known key when one is close. */
    public static String unknownKey(String kind, String key, List<String> keys) {
        String nearest = null;
        int best = Integer.MAX_VALUE;
        for (String k : keys) {
            int d = distance(key, k);
            if (d < best) {
                best = d;
                nearest = k;
            }
        }
        String known = kind + " knows " + String.join(", ", keys);
        return best <= Math.max(2, key.length() / 3) ? "unknown key; did you mean " + nearest + "? (" + known + ")"
                : "unknown key (" + known + ")";
    }

    /** Levenshtein distance, for "did you mean". */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
