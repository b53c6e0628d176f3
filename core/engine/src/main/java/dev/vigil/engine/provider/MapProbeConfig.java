package dev.vigil.engine.provider;

import dev.vigil.engine.model.DurationText;
import dev.vigil.engine.spi.ProbeConfig;
import dev.vigil.engine.spi.ProbeConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A {@link ProbeConfig} over a service's {@code [provider]} table, as the TOML loader gives it: keys
 * to {@code String}, {@code Long}, {@code Boolean} or {@code Double} (a sub-table as a {@code Map}, an
 * array as a {@code List}).
 *
 * <p>Immutable and thread-safe; the map is copied. A getter reads one key: absent is empty, a value
 * of the wrong type is a {@link ProbeConfigException} naming the key ({@code expected a duration like
 * "3s", got an integer (3)}). {@link #masked} is the only printable form: {@link #toString} shows
 * keys, never values.
 *
 * <pre>{@code
 * MapProbeConfig config = MapProbeConfig.of(Map.of("kind", "llama-server", "url", "http://127.0.0.1:8080", "api_key", "s3cret"));
 * config.uri("url");                       // Optional[http://127.0.0.1:8080]
 * config.masked(Set.of("api_key"));        // {kind="llama-server", url="http://127.0.0.1:8080", api_key=***}
 * }</pre>
 */
public final class MapProbeConfig implements ProbeConfig {

    /** What a sensitive value is printed as. */
    public static final String MASK = "***";

    private final String kind;
    private final Map<String, Object> values;

    /** The table {@code values} (with or without its {@code kind} key) of a provider of {@code kind}. */
    public MapProbeConfig(String kind, Map<String, ?> values) {
        this.kind = Objects.requireNonNull(kind, "kind");
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (!k.equals("kind")) copy.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, () -> "value of " + k));
        });
        this.values = Collections.unmodifiableMap(copy);
    }

    /** The table as a whole, its kind read from its {@code kind} key. */
    public static MapProbeConfig of(Map<String, ?> table) throws ProbeConfigException {
        Object kind = table.get("kind");
        if (kind == null) throw new ProbeConfigException("kind", "is required: the provider's kind, e.g. \"llama-server\"");
        if (!(kind instanceof String s) || s.isBlank()) throw new ProbeConfigException("kind", "expected a provider kind, got " + describe(kind));
        return new MapProbeConfig(s, table);
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public Set<String> keys() {
        return values.keySet();
    }

    @Override
    public Optional<String> string(String key) throws ProbeConfigException {
        return Optional.ofNullable(typed(key, String.class, "a string"));
    }

    @Override
    public Optional<Long> integer(String key) throws ProbeConfigException {
        Object v = values.get(key);
        if (v == null) return Optional.empty();
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) return Optional.of(((Number) v).longValue());
        throw wrongType(key, "an integer", v);
    }

    @Override
    public Optional<Boolean> bool(String key) throws ProbeConfigException {
        return Optional.ofNullable(typed(key, Boolean.class, "true or false"));
    }

    @Override
    public Optional<Duration> duration(String key) throws ProbeConfigException {
        Object v = values.get(key);
        if (v == null) return Optional.empty();
        if (!(v instanceof String text)) throw wrongType(key, "a duration like \"3s\"", v);
        try {
            return Optional.of(DurationText.parse(text));
        } catch (IllegalArgumentException e) {
            throw new ProbeConfigException(key, e.getMessage());
        }
    }

    @Override
    public Optional<URI> uri(String key) throws ProbeConfigException {
        String text = typed(key, String.class, "an http(s) URL");
        if (text == null) return Optional.empty();
        String expected = "expected an absolute http(s) URL like \"http://127.0.0.1:8080\", got \"" + text + "\"";
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new ProbeConfigException(key, expected + " (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new ProbeConfigException(key, expected);
        }
        return Optional.of(uri);
    }

    /** The table for people, {@code kind} first, with the value of every sensitive key (any case, at any depth) shown as {@value #MASK}. */
    public String masked(Set<String> sensitiveKeys) {
        StringBuilder sb = new StringBuilder("{kind=").append(quote(kind));
        maskedValues(sensitiveKeys).forEach((k, v) -> sb.append(", ").append(k).append('=').append(print(v)));
        return sb.append('}').toString();
    }

    /** The values (without {@code kind}) for a JSON answer, masked like {@link #masked}. */
    public Map<String, Object> maskedValues(Set<String> sensitiveKeys) {
        Set<String> lower = sensitiveKeys.stream().map(k -> k.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        return mask(values, lower);
    }

    private static Map<String, Object> mask(Map<?, ?> map, Set<String> sensitive) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            String key = String.valueOf(k);
            out.put(key, sensitive.contains(key.toLowerCase(Locale.ROOT)) ? MASK : maskValue(v, sensitive));
        });
        return Collections.unmodifiableMap(out);
    }

    private static Object maskValue(Object v, Set<String> sensitive) {
        if (v instanceof Map<?, ?> m) return mask(m, sensitive);
        if (v instanceof List<?> l) return l.stream().map(e -> maskValue(e, sensitive)).toList();
        return v;
    }

    private static String print(Object v) {
        if (v instanceof String s) return s.equals(MASK) ? MASK : quote(s);
        if (v instanceof Map<?, ?> m) {
            return m.entrySet().stream().map(e -> e.getKey() + "=" + print(e.getValue())).collect(Collectors.joining(", ", "{", "}"));
        }
        if (v instanceof List<?> l) return l.stream().map(MapProbeConfig::print).collect(Collectors.joining(", ", "[", "]"));
        return String.valueOf(v);
    }

    private <T> T typed(String key, Class<T> type, String expected) throws ProbeConfigException {
        Object v = values.get(key);
        if (v == null) return null;
        if (!type.isInstance(v)) throw wrongType(key, expected, v);
        return type.cast(v);
    }

    private static ProbeConfigException wrongType(String key, String expected, Object got) {
        return new ProbeConfigException(key, "expected " + expected + ", got " + describe(got));
    }

    /** {@code a string ("x")}, {@code an integer (3)}, {@code a table}: the value as the user wrote it. */
    private static String describe(Object v) {
        return switch (v) {
            case String s -> "a string (" + quote(s) + ")";
            case Long l -> "an integer (" + l + ")";
            case Integer i -> "an integer (" + i + ")";
            case Boolean b -> "a boolean (" + b + ")";
            case Double d -> "a number (" + d + ")";
            case Map<?, ?> _ -> "a table";
            case List<?> _ -> "an array";
            default -> "a " + v.getClass().getSimpleName();
        };
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** Keys only: values may be secrets. */
    @Override
    public String toString() {
        return "MapProbeConfig[kind=" + kind + ", keys=" + values.keySet() + "]";
    }
}
