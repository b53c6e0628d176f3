package dev.vigil.dsl.toml;

import dev.vigil.engine.model.ProviderSpec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code [provider]} table: {@code kind}, the schedule keys vigil reads ({@code interval},
 * {@code timeout}, {@code strikes}), and the rest passed as written to the provider, which checks it
 * when the service is declared. Values must be strings, numbers or booleans.
 */
final class ProviderMapper {

    static final String KIND = "kind";
    private static final String A_DURATION = ServiceMapper.A_DURATION;

    private ProviderMapper() {}

    /** The spec of {@code service}'s {@code [provider]} table, or null (absent, or wrong and reported). */
    static Located<ProviderSpec> provider(TableReader service) {
        TableReader t = service.table("provider");
        if (t == null) return null;
        Located<String> kind = t.get(KIND, "a provider kind such as \"llama-server\"", TableReader.STRING);
        if (!t.has(KIND)) t.report(t.origin(), "missing kind (e.g. kind = \"llama-server\")");
        Located<Duration> interval = t.get("interval", A_DURATION, ServiceMapper::duration);
        Located<Duration> timeout = t.get("timeout", A_DURATION, ServiceMapper::duration);
        Located<Long> strikes = t.get("strikes", "a whole number", TableReader.INTEGER);
        boolean ok = true;
        if (interval != null && !interval.value().isPositive()) ok = problem(t, "interval", "must be more than 0");
        if (timeout != null && !timeout.value().isPositive()) ok = problem(t, "timeout", "must be more than 0");
        if (strikes != null && strikes.value() < 1) ok = problem(t, "strikes", "must be at least 1");
        Map<String, Object> settings = new LinkedHashMap<>();
        for (String key : t.keys()) {
            if (key.equals(KIND) || key.equals("interval") || key.equals("timeout") || key.equals("strikes")) continue;
            Object v = t.value(key);
            if (v instanceof String || v instanceof Long || v instanceof Double || v instanceof Boolean) {
                settings.put(key, v);
            } else {
                ok = problem(t, key, "expected a string, a number or a boolean, got " + TomlText.describe(v));
            }
        }
        if (kind == null || !ok || (interval == null && t.has("interval")) || (timeout == null && t.has("timeout"))
                || (strikes == null && t.has("strikes"))) {
            return null;
        }
        return new Located<>(new ProviderSpec(kind.value(), settings,
                interval == null ? ProviderSpec.DEFAULT_INTERVAL : interval.value(),
                timeout == null ? ProviderSpec.DEFAULT_TIMEOUT : timeout.value(),
                strikes == null ? ProviderSpec.DEFAULT_STRIKES : Math.toIntExact(strikes.value())), t.origin());
    }

    private static boolean problem(TableReader t, String key, String message) {
        t.report(t.origin(key), message);
        return false;
    }
}
