package dev.vigil.plugins.llama;

import dev.vigil.engine.spi.ProbeConfig;
import dev.vigil.engine.spi.ProbeConfigException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code [provider]} table as vigil hands it over: values typed like TOML's, wrong types named by key. */
record MapConfig(Map<String, Object> values) implements ProbeConfig {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");

    static MapConfig of(Object... keysAndValues) {
        java.util.LinkedHashMap<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return new MapConfig(map);
    }

    @Override
    public String kind() {
        return "llama-server";
    }

    @Override
    public Set<String> keys() {
        return values.keySet();
    }

    @Override
    public Optional<String> string(String key) throws ProbeConfigException {
        return typed(key, String.class, "a string");
    }

    @Override
    public Optional<Long> integer(String key) throws ProbeConfigException {
        return typed(key, Long.class, "an integer");
    }

    @Override
    public Optional<Boolean> bool(String key) throws ProbeConfigException {
        return typed(key, Boolean.class, "true or false");
    }

    @Override
    public Optional<Duration> duration(String key) throws ProbeConfigException {
        Optional<String> text = typed(key, String.class, "a duration like \"3s\"");
        if (text.isEmpty()) return Optional.empty();
        Matcher m = DURATION.matcher(text.get());
        if (!m.matches()) throw new ProbeConfigException(key, "expected a duration like \"3s\"");
        long n = Long.parseLong(m.group(1));
        return Optional.of(switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        });
    }

    @Override
    public Optional<URI> uri(String key) throws ProbeConfigException {
        Optional<String> text = typed(key, String.class, "an http URL");
        if (text.isEmpty()) return Optional.empty();
        try {
            URI uri = new URI(text.get());
            if (!uri.isAbsolute() || !uri.getScheme().startsWith("http")) throw new ProbeConfigException(key, "not an http URL");
            return Optional.of(uri);
        } catch (java.net.URISyntaxException e) {
            throw new ProbeConfigException(key, "not an http URL");
        }
    }

    private <T> Optional<T> typed(String key, Class<T> type, String expected) throws ProbeConfigException {
        Object value = values.get(key);
        if (value == null) return Optional.empty();
        if (!type.isInstance(value)) throw new ProbeConfigException(key, "expected " + expected);
        return Optional.of(type.cast(value));
    }
}
