package dev.vigil.dsl.toml;

import dev.vigil.dsl.toml.ProbeDraft.StatusRange;
import dev.vigil.engine.model.ProbeRole;
import dev.vigil.engine.model.ProbeTarget;
import dev.vigil.engine.model.SocketSpec;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a service's {@code [[probes]]} tables to {@link ProbeDraft}s.
 *
 * <p>Besides types and formats, it checks each table's shape as it reads it: which one target key it
 * names, and that http's own keys appear on http probes only. The target key decides how the others
 * are read, so this cannot wait for a validator. Ranges (thresholds, durations) are checked later by
 * {@link Validators}.
 */
final class ProbeMapper {

    static final List<String> TARGET_KEYS = List.of("http", "tcp", "unix", "exec");
    /** The keys only an http probe may have. */
    static final List<String> HTTP_KEYS = List.of("status", "body_contains", "json");
    /** In the order the documentation lists them, for "valid keys: ..." hints. */
    static final List<String> PROBE_KEYS = List.of(
            "role",
            "http",
            "tcp",
            "unix",
            "exec",
            "interval",
            "timeout",
            "success_threshold",
            "failure_threshold",
            "status",
            "body_contains",
            "json");

    static final List<String> JSON_KEYS = List.of("pointer", "equals");

    private static final String ROLE_CHOICES = "startup, readiness, liveness";
    private static final String A_COUNT = "an integer";
    private static final String A_STATUS = "a status like \"200\" or \"200-299\"";
    private static final Pattern STATUS = Pattern.compile("(\\d{3})(?:-(\\d{3}))?");

    private final Path dir;

    /** Relative unix socket paths are resolved against {@code dir}, absolute and normalized. */
    ProbeMapper(Path dir) {
        this.dir = dir;
    }

    /** The probes of {@code service}, at its {@code probes} key; null if it has none (or not as tables). */
    Located<List<ProbeDraft>> probes(TableReader service) {
        List<TableReader> tables = service.tables("probes");
        if (tables == null) return null;
        return new Located<>(tables.stream().map(this::probe).toList(), service.origin("probes"));
    }

    private ProbeDraft probe(TableReader t) {
        t.allowOnly(PROBE_KEYS, Set.of());
        String kind = kind(t);
        return new ProbeDraft(
                t.origin(),
                t.get("role", "one of " + ROLE_CHOICES, ProbeMapper::role),
                kind == null ? null : target(t, kind),
                "http".equals(kind) ? t.get("status", A_STATUS, ProbeMapper::status) : null,
                t.get("interval", ServiceMapper.A_DURATION, ServiceMapper::duration),
                t.get("timeout", ServiceMapper.A_DURATION, ServiceMapper::duration),
                t.get("success_threshold", A_COUNT, TableReader.INTEGER),
                t.get("failure_threshold", A_COUNT, TableReader.INTEGER));
    }

    /**
     * The one target key of {@code t}, or null when it has none or several (reported: a later one at
     * its own key). Also reports http's own keys on a probe of another kind.
     */
    private static String kind(TableReader t) {
        List<String> named = t.keys().stream().filter(TARGET_KEYS::contains).toList();
        if (named.isEmpty()) {
            t.report(t.origin(), "no target: set one of " + String.join(", ", TARGET_KEYS));
            return null;
        }
        String kind = named.getFirst();
        for (String other : named.subList(1, named.size())) {
            t.report(
                    t.origin(other),
                    "not allowed together with " + kind + ": a probe checks exactly one of "
                            + String.join(", ", TARGET_KEYS));
        }
        if (named.size() > 1) return null;
        for (String key : HTTP_KEYS) {
            if (!kind.equals("http") && t.has(key)) {
                t.report(t.origin(key), "only for http probes, and this one is " + kind);
            }
        }
        return kind;
    }

    /** The target named by {@code kind}, at its key; null when wrong (reported). */
    private Located<ProbeDraft.Target> target(TableReader t, String kind) {
        return switch (kind) {
            case "http" -> http(t);
            case "tcp" ->
                t.get("tcp", "an address like \"127.0.0.1:6379\"", v -> v instanceof String address
                        ? new ProbeDraft.Socket(tcp(SocketUris.address(address)))
                        : null);
            case "unix" ->
                t.get("unix", "a path string", v -> v instanceof String path
                        ? new ProbeDraft.Socket(new ProbeTarget.Unix(SocketUris.path(path, dir).path()))
                        : null);
            case "exec" -> exec(t);
            default -> throw new IllegalStateException("target key " + kind);
        };
    }

    private static ProbeTarget.Tcp tcp(SocketSpec.Tcp address) {
        return new ProbeTarget.Tcp(address.host(), address.port());
    }

    /** {@code exec}: a command written as for the service, which must name a program. */
    private static Located<ProbeDraft.Target> exec(TableReader t) {
        Located<List<String>> command = ServiceMapper.command(t, "exec");
        if (command == null) return null;
        if (command.value().isEmpty() || command.value().getFirst().isEmpty()) {
            t.report(
                    command.origin(),
                    command.value().isEmpty() ? "must not be empty" : "the program (first word) must not be empty");
            return null;
        }
        return new Located<>(new ProbeDraft.Exec(command.value()), command.origin());
    }

    /** {@code http} with {@code body_contains} and {@code json}; null if any of them is wrong (reported). */
    private static Located<ProbeDraft.Target> http(TableReader t) {
        Located<URI> url = t.get("http", "a URL like \"http://127.0.0.1:8080/health\"", ProbeMapper::url);
        Located<String> body = t.get("body_contains", "a string", TableReader.STRING);
        TableReader json = t.table("json");
        Located<String> pointer = json == null ? null : pointer(json);
        Located<String> equals =
                json == null ? null : json.get("equals", "a string, number or boolean", ProbeMapper::jsonText);
        boolean wrong = url == null
                || (t.has("body_contains") && body == null)
                || (t.has("json") && (json == null || pointer == null || (json.has("equals") && equals == null)));
        if (wrong) return null;
        return new Located<>(
                new ProbeDraft.Http(url.value(), value(body), value(pointer), value(equals)), url.origin());
    }

    private static Located<String> pointer(TableReader json) {
        json.allowOnly(JSON_KEYS, Set.of());
        if (!json.has("pointer")) {
            json.report(
                    json.origin(), "no pointer: set pointer = \"/field\" (and equals, or the field only has to exist)");
            return null;
        }
        return json.get("pointer", "a JSON pointer like \"/status\"", v -> {
            if (!(v instanceof String pointer)) return null;
            ProbeTarget.Http.pointerTokens(pointer); // says why a pointer is malformed
            return pointer;
        });
    }

    private static <T> T value(Located<T> located) {
        return located == null ? null : located.value();
    }

    /** A URL the model takes: it parses, is http or https, and names a host; else the model's message. */
    private static URI url(Object value) {
        return value instanceof String text ? ProbeTarget.Http.get(text).url() : null;
    }

    /** The wanted value as the engine compares it: a string raw, a number or boolean as its JSON text. */
    private static String jsonText(Object value) {
        return switch (value) {
            case String s -> s;
            case Long l -> l.toString();
            case Double d -> Double.isFinite(d) ? d.toString() : null;
            case Boolean b -> b.toString();
            default -> null;
        };
    }

    private static ProbeRole role(Object value) {
        if (!(value instanceof String text)) return null;
        for (ProbeRole role : ProbeRole.values()) {
            if (role.toString().equals(text)) return role;
        }
        throw new IllegalArgumentException("expected one of " + ROLE_CHOICES + ", got " + TomlText.quote(text));
    }

    /** {@code 200}, {@code "200"} or {@code "200-299"}. */
    private static StatusRange status(Object value) {
        String text = switch (value) {
            case Long code -> code.toString();
            case String s -> s;
            default -> null;
        };
        if (text == null) return null;
        Matcher m = STATUS.matcher(text);
        if (!m.matches()) throw badStatus(text, "use e.g. 200 or 200-299");
        int min = Integer.parseInt(m.group(1));
        int max = m.group(2) == null ? min : Integer.parseInt(m.group(2));
        if (min < 100 || max > 599) throw badStatus(text, "HTTP statuses are 100 to 599");
        if (min > max) throw badStatus(text, "the range ends below its start (use " + max + "-" + min + ")");
        return new StatusRange(min, max);
    }

    private static IllegalArgumentException badStatus(String text, String why) {
        return new IllegalArgumentException("bad status " + TomlText.quote(text) + ": " + why);
    }
}
