package dev.vigil.plugins.kokoro;

import dev.vigil.engine.spi.ProbeConfig;
import dev.vigil.engine.spi.ProbeConfigException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code [provider]} table as vigil's loader hands it over: typed reads, wrong types refused. */
record MapConfig(String kind, Map<String, Object> values) implements ProbeConfig {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");

    static MapConfig of(Object... keyValues) {
        java.util.LinkedHashMap<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) m.put((String) keyValues[i], keyValues[i + 1]);
        return new MapConfig("kokoro", m);
    }

    @Override
    public Set<String> keys() {
        return values.keySet();
    }

    @Override
    public Optional<String> string(String key) throws ProbeConfigException {
        Object v = values.get(key);
        if (v == null) return Optional.empty();
        if (v instanceof String s) return Optional.of(s);
        throw new ProbeConfigException(key, "expected a string");
    }

    @Override
    public Optional<Long> integer(String key) throws ProbeConfigException {
        Object v = values.get(key);
        if (v == null) return Optional.empty();
        if (v instanceof Long l) return Optional.of(l);
        throw new ProbeConfigException(key, "expected an integer");
    }

    @Override
    public Optional<Boolean> bool(String key) throws ProbeConfigException {
        Object v = values.get(key);
        if (v == null) return Optional.empty();
        if (v instanceof Boolean b) return Optional.of(b);
        throw new ProbeConfigException(key, "expected true or false");
    }

    @Override
    public Optional<Duration> duration(String key) throws ProbeConfigException {
        Optional<String> s = string(key);
        if (s.isEmpty()) return Optional.empty();
        Matcher m = DURATION.matcher(s.get());
        if (!m.matches()) throw new ProbeConfigException(key, "expected a duration like 500ms, 3s, 5m");
        long n = Long.parseLong(m.group(1));
        return Optional.of(switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        });
    }

    @Override
    public Optional<URI> uri(String key) throws ProbeConfigException {
        Optional<String> s = string(key);
        if (s.isEmpty()) return Optional.empty();
        try {
            URI u = new URI(s.get());
            if (!u.isAbsolute() || !u.getScheme().startsWith("http")) throw new ProbeConfigException(key, "not an http URL");
            return Optional.of(u);
        } catch (java.net.URISyntaxException e) {
            throw new ProbeConfigException(key, "not an http URL");
        }
    }
}
