package dev.vigil.plugins.llama;

import dev.vigil.engine.spi.ProbeConfig;
import dev.vigil.engine.spi.ProbeConfigException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A service's {@code [provider]} table for llama-server, with its defaults applied: read once, when
 * the probe is created, and never changed.
 *
 * @param base the server's root, without a trailing slash ({@code http://127.0.0.1:8080})
 * @param flavor single-model, router, or detect from the answers
 * @param apiKey the key sent as {@code Authorization: Bearer}, or null
 * @param idleAfter how long "no model loaded" must hold before it is called idle
 * @param requestTimeout the most one HTTP call may take (the check's deadline may cut it shorter)
 * @param slots whether to read {@code /slots} to tell SERVING from READY
 */
record Settings(URI base, Flavor flavor, String apiKey, Duration idleAfter, Duration requestTimeout, boolean slots) {

    /** Which llama-server mode to expect (PROVIDERS.md §1.1: router mode iff started without a model). */
    enum Flavor {
        AUTO,
        SINGLE,
        ROUTER
    }

    static final URI DEFAULT_URL = URI.create("http://127.0.0.1:8080");
    static final Duration DEFAULT_IDLE_AFTER = Duration.ofSeconds(3);
    static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(2);

    static final List<String> KEYS = List.of("url", "flavor", "api_key", "idle_after", "request_timeout", "slots");

    /**
     * Keys of the table that vigil itself reads (how often, how long, how many strikes). vigil strips
     * them before the provider sees the table; they are tolerated in case an older engine does not.
     */
    private static final Set<String> ENGINE_KEYS = Set.of("interval", "timeout", "strikes");

    static Settings read(ProbeConfig config, List<URI> endpoints) throws ProbeConfigException {
        for (String key : new TreeSet<>(config.keys())) {
            if (!KEYS.contains(key) && !ENGINE_KEYS.contains(key)) {
                throw new ProbeConfigException(key, unknownKey(key));
            }
        }
        URI base = config.uri("url").orElse(null);
        if (base != null) {
            base = checkUrl(base);
        } else {
            base = firstTcpEndpoint(endpoints);
        }
        Flavor flavor = flavor(config.string("flavor").orElse("auto"));
        String apiKey = config.string("api_key").orElse(null);
        if (apiKey != null && apiKey.isBlank()) throw new ProbeConfigException("api_key", "is empty");
        if (apiKey != null && apiKey.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            // never echo the value: it is a secret
            throw new ProbeConfigException("api_key", "contains spaces or control characters");
        }
        Duration idleAfter = config.duration("idle_after").orElse(DEFAULT_IDLE_AFTER);
        if (idleAfter.isNegative()) throw new ProbeConfigException("idle_after", "must not be negative");
        Duration requestTimeout = config.duration("request_timeout").orElse(DEFAULT_REQUEST_TIMEOUT);
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new ProbeConfigException("request_timeout", "must be positive");
        }
        boolean slots = config.bool("slots").orElse(true);
        return new Settings(base, flavor, apiKey, idleAfter, requestTimeout, slots);
    }

    private static URI checkUrl(URI url) throws ProbeConfigException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase();
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new ProbeConfigException("url", "not an http(s) URL with a host");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new ProbeConfigException("url", "must not have a query or a fragment (give the server's root)");
        }
        if (url.getRawUserInfo() != null) {
            throw new ProbeConfigException("url", "must not carry credentials (use api_key)");
        }
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        while (path.endsWith("/")) path = path.substring(0, path.length() - 1);
        return URI.create(scheme + "://" + url.getRawAuthority() + path);
    }

    /**
     * The first declared {@code tcp://HOST:PORT} socket as an http root; a wildcard bind address
     * becomes loopback, since nothing connects to 0.0.0.0 on purpose.
     */
    static URI firstTcpEndpoint(List<URI> endpoints) {
        for (URI endpoint : endpoints) {
            if (!"tcp".equalsIgnoreCase(endpoint.getScheme()) || endpoint.getHost() == null || endpoint.getPort() < 0) {
                continue;
            }
            String host = switch (endpoint.getHost()) {
                case "0.0.0.0" -> "127.0.0.1";
                case "[::]", "::" -> "[::1]";
                default -> endpoint.getHost();
            };
            return URI.create("http://" + host + ":" + endpoint.getPort());
        }
        return DEFAULT_URL;
    }

    private static Flavor flavor(String value) throws ProbeConfigException {
        return switch (value) {
            case "auto" -> Flavor.AUTO;
            case "single" -> Flavor.SINGLE;
            case "router" -> Flavor.ROUTER;
            default -> throw new ProbeConfigException("flavor", "expected one of auto, single, router, got \"" + value + "\"");
        };
    }

    private static String unknownKey(String key) {
        String nearest = null;
        int best = Integer.MAX_VALUE;
        for (String known : Stream.concat(KEYS.stream(), ENGINE_KEYS.stream().sorted()).toList()) {
            int d = distance(key, known);
            if (d < best) {
                best = d;
                nearest = known;
            }
        }
        if (best <= Math.max(2, key.length() / 3)) return "unknown key (did you mean " + nearest + "?)";
        return "unknown key (known: " + String.join(", ", KEYS) + ")";
    }

    /** Levenshtein distance, for "did you mean". */
    private static int distance(String a, String b) {
        int[] row = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) row[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int up = row[j];
                row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1), diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
                diagonal = up;
            }
        }
        return row[b.length()];
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "Settings[base=" + base + ", flavor=" + flavor + ", apiKey=" + (apiKey == null ? "none" : "***")
                + ", idleAfter=" + idleAfter + ", requestTimeout=" + requestTimeout + ", slots=" + slots + "]";
    }
}
