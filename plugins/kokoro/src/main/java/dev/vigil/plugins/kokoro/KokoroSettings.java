package dev.vigil.plugins.kokoro;

import dev.vigil.plugins.support.ServerSettings;
import dev.vigil.engine.spi.ProbeConfig;
import dev.vigil.engine.spi.ProbeConfigException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A service's {@code [provider] kind = "kokoro"} table, resolved: every default applied, every value
 * checked.
 *
 * @param base the server's root, without a trailing slash (paths are appended to it)
 * @param flavor which server, or {@link Flavor#AUTO}
 * @param idleAfter how long "up, no model" must hold before IDLE
 * @param requestTimeout the most one GET may take (the check's deadline may cut it shorter)
 */
record KokoroSettings(URI base, Flavor flavor, Duration idleAfter, Duration requestTimeout) {

    static final List<String> KEYS = List.of("url", "flavor", "idle_after", "request_timeout");
    static final Duration DEFAULT_IDLE_AFTER = Duration.ofSeconds(3);
    static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(2);

    /**
     * Reads the table. {@code url} defaults to the first declared {@code tcp://} endpoint, else to the
     * flavor's documented port on 127.0.0.1.
     */
    static KokoroSettings from(ProbeConfig config, List<URI> endpoints) throws ProbeConfigException {
        for (String key : config.keys().stream().sorted().toList()) {
            if (key.equals("api_key")) {
                throw new ProbeConfigException("api_key",
                        "no Kokoro server checks an API key (Kokoro-FastAPI, hal0's kokoro_server.py and Kokoros have none); remove it");
            }
            if (!KEYS.contains(key)) throw new ProbeConfigException(key, unknownKey(key));
        }
        Flavor flavor = flavor(config.string("flavor").orElse("auto"));
        Duration idleAfter = config.duration("idle_after").orElse(DEFAULT_IDLE_AFTER);
        if (idleAfter.isNegative()) throw new ProbeConfigException("idle_after", "must not be negative");
        Duration requestTimeout = config.duration("request_timeout").orElse(DEFAULT_REQUEST_TIMEOUT);
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new ProbeConfigException("request_timeout", "must be positive");
        }
        Optional<URI> url = config.uri("url");
        URI base = url.isPresent() ? checked(url.get()) : fromEndpoints(endpoints, flavor);
        return new KokoroSettings(base, flavor, idleAfter, requestTimeout);
    }

    /** {@code base} + {@code path} (which starts with a slash). */
    URI resolve(String path) {
        return URI.create(base + path);
    }

    private static Flavor flavor(String value) throws ProbeConfigException {
        for (Flavor f : Flavor.values()) {
            if (f.key().equals(value.toLowerCase(Locale.ROOT))) return f;
        }
        String names = Arrays.stream(Flavor.values()).map(Flavor::key).collect(Collectors.joining(", "));
        String hint = value.toLowerCase(Locale.ROOT).contains("onnx") ? " (hal0's kokoro-onnx server is \"hal0\")" : "";
        throw new ProbeConfigException("flavor", "expected one of " + names + ", got \"" + value + "\"" + hint);
    }

    private static URI checked(URI url) throws ProbeConfigException {
        try {
            return ServerSettings.httpRoot(url);
        } catch (IllegalArgumentException e) {
            throw new ProbeConfigException("url", e.getMessage());
        }
    }

    private static URI fromEndpoints(List<URI> endpoints, Flavor flavor) throws ProbeConfigException {
        Optional<URI> declared = ServerSettings.firstTcp(endpoints);
        if (declared.isPresent()) return declared.get();
        if (flavor == Flavor.AUTO) {
            throw new ProbeConfigException("url",
                    "is required: the service declares no tcp endpoint and flavor \"auto\" has no default port");
        }
        return URI.create("http://127.0.0.1:" + flavor.defaultPort());
    }

    private static String unknownKey(String key) {
        return ServerSettings.unknownKey("kokoro", key, KEYS);
    }
}
