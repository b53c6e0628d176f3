package dev.vigil.engine.model;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A service's provider probe: {@code [provider] kind = "llama-server"} and the rest of its table,
 * which only the provider understands.
 *
 * @param settings the table as written, without {@code kind}, {@code interval}, {@code timeout} and
 *     {@code strikes} (String, Long, Double, Boolean values)
 * @param interval time between two checks
 * @param timeout how long one check may take
 * @param strikes consecutive definitive failures after READY that fail liveness
 */
public record ProviderSpec(String kind, Map<String, Object> settings, Duration interval, Duration timeout, int strikes) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    public static final int DEFAULT_STRIKES = 2;

    public ProviderSpec {
        Objects.requireNonNull(kind, "kind");
        settings = Map.copyOf(settings);
        if (interval.isNegative() || interval.isZero()) throw new IllegalArgumentException("provider interval must be positive");
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("provider timeout must be positive");
        if (strikes < 1) throw new IllegalArgumentException("provider strikes must be at least 1");
    }
}
