package dev.vigil.dsl.toml;

import dev.vigil.engine.model.Dependency;
import dev.vigil.engine.model.RestartPolicy;
import dev.vigil.engine.model.SocketSpec;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.tomlj.TomlArray;

/**
 * Maps one service table (a service file, a {@code [services.NAME]} table, or {@code [defaults]})
 * to a {@link ServiceDraft}: types and formats are checked here, ranges and cross-key rules later by
 * {@link Validators}.
 */
final class ServiceMapper {

    /** The keys {@code [defaults]} may set. */
    static final List<String> INHERITABLE_KEYS = List.of(
            "autostart", "restart", "oneshot", "stop_timeout", "ready_timeout", "sockets", "backoff", "readiness");
    /** The keys only a service itself may set. */
    static final List<String> OWN_KEYS = List.of("command", "cwd", "env", "children", "probes", "depends_on", "provider");

    /** In the order the documentation lists them, for "valid keys: ..." hints. */
    static final List<String> SERVICE_KEYS = List.of(
            "command",
            "cwd",
            "env",
            "autostart",
            "restart",
            "oneshot",
            "stop_timeout",
            "ready_timeout",
            "sockets",
            "backoff",
            "readiness",
            "probes",
            "depends_on",
            "provider",
            "children");

    static final List<String> BACKOFF_KEYS =
            List.of("initial", "factor", "max", "jitter", "reset_after", "max_restarts", "window");
    static final List<String> CHILD_KEYS = List.of("command", "cwd", "env");
    static final List<String> READINESS_KEYS = List.of("marker", "notify", "sockets", "watchdog", "script", "script_interval");

    static final String A_DURATION = "a duration like \"10s\"";
    private static final String A_NUMBER = "a number";
    private static final String A_COMMAND = "an array of strings or a string";
    private static final String RESTART_CHOICES = "always, on-failure, never";
    private static final String CONDITION_CHOICES = "started, ready, completed";

    private final Path dir;
    private final ProbeMapper probes;

    /** Relative paths are resolved against {@code dir}, absolute and normalized. */
    ServiceMapper(Path dir) {
        this.dir = dir;
        this.probes = new ProbeMapper(dir);
    }

    /** A service declared by {@code table}, named {@code name}. */
    ServiceDraft service(Located<String> name, TableReader table) {
        table.allowOnly(SERVICE_KEYS, Set.of());
        return inheritable(table)
                .withOwn(
                        name,
                        table.keys(),
                        command(table, "command"),
                        path(table, "cwd"),
                        env(table),
                        children(table),
                        probes.probes(table),
                        dependsOn(table),
                        ProviderMapper.provider(table));
    }

    /** The {@code [defaults]} table; a key only a service may set is reported as such. */
    ServiceDraft defaults(TableReader table) {
        for (String key : OWN_KEYS) {
            if (table.has(key)) table.report(table.origin(key), "not allowed in [defaults]: set it in each service");
        }
        table.allowOnly(INHERITABLE_KEYS, Set.copyOf(OWN_KEYS));
        return inheritable(table);
    }

    private ServiceDraft inheritable(TableReader t) {
        return new ServiceDraft(
                null,
                t.keys(),
                null,
                null,
                null,
                t.get("autostart", "a boolean", TableReader.BOOLEAN),
                t.get("restart", "one of " + RESTART_CHOICES, ServiceMapper::restart),
                t.get("oneshot", "a boolean", TableReader.BOOLEAN),
                t.get("stop_timeout", A_DURATION, ServiceMapper::duration),
                t.get("ready_timeout", A_DURATION, ServiceMapper::duration),
                t.list(
                        "sockets",
                        "an array of socket URIs",
                        "a socket URI like \"tcp://127.0.0.1:8080\"",
                        this::socket),
                backoff(t.table("backoff")),
                readiness(t.table("readiness"), dir),
                null,
                null,
                null,
                null);
    }

    private static ServiceDraft.Readiness readiness(TableReader t, Path dir) {
        if (t == null) return ServiceDraft.Readiness.SILENT;
        t.allowOnly(READINESS_KEYS, Set.of());
        return new ServiceDraft.Readiness(
                t.get("marker", "a boolean", TableReader.BOOLEAN),
                t.get("notify", "a boolean", TableReader.BOOLEAN),
                t.get("sockets", "a boolean", TableReader.BOOLEAN),
                t.get("watchdog", A_DURATION, ServiceMapper::duration),
                t.get("script", "a path string like \"hooks/ready.js\"", v -> v instanceof String s ? resolve(dir, s) : null),
                t.get("script_interval", A_DURATION, ServiceMapper::duration));
    }

    /**
     * {@code depends_on = { NAME = "CONDITION" }}, each entry at its name; whether the names exist is
     * {@link DependencyValidator}'s question, since a dependency may be declared in another file.
     */
    private static Located<List<Located<Dependency>>> dependsOn(TableReader service) {
        TableReader table = service.table("depends_on");
        if (table == null) return null;
        List<Located<Dependency>> dependencies = new ArrayList<>();
        for (String name : table.keys()) {
            Located<Dependency.Condition> condition =
                    table.get(name, "one of " + CONDITION_CHOICES, ServiceMapper::condition);
            if (condition != null) {
                dependencies.add(new Located<>(new Dependency(name, condition.value()), condition.origin()));
            }
        }
        return new Located<>(List.copyOf(dependencies), service.origin("depends_on"));
    }

    private static ServiceDraft.Backoff backoff(TableReader t) {
        if (t == null) return ServiceDraft.Backoff.SILENT;
        t.allowOnly(BACKOFF_KEYS, Set.of());
        return new ServiceDraft.Backoff(
                t.get("initial", A_DURATION, ServiceMapper::duration),
                t.get("factor", A_NUMBER, TableReader.NUMBER),
                t.get("max", A_DURATION, ServiceMapper::duration),
                t.get("jitter", A_NUMBER, TableReader.NUMBER),
                t.get("reset_after", A_DURATION, ServiceMapper::duration),
                t.get("max_restarts", "an integer", TableReader.INTEGER),
                t.get("window", A_DURATION, ServiceMapper::duration));
    }

    /** {@code [children.NAME]} tables; each child's own problems are reported as it is mapped. */
    private Located<List<ServiceDraft.Child>> children(TableReader service) {
        TableReader children = service.table("children");
        if (children == null) return null;
        List<ServiceDraft.Child> drafts = new ArrayList<>();
        boolean allTables = true;
        for (String name : children.keys()) {
            TableReader child = children.table(name);
            if (child == null) {
                allTables = false;
                continue;
            }
            child.allowOnly(CHILD_KEYS, Set.of());
            drafts.add(new ServiceDraft.Child(
                    new Located<>(name, child.origin()),
                    child.keys(),
                    command(child, "command"),
                    path(child, "cwd"),
                    env(child)));
        }
        // Like a list with a wrong element: null, so that no rule reports the children as missing.
        return allTables ? new Located<>(List.copyOf(drafts), children.origin()) : null;
    }

    /** A command at {@code key}: an argv array, or a string split like a shell would. */
    static Located<List<String>> command(TableReader t, String key) {
        return t.value(key) instanceof TomlArray
                ? t.list(key, A_COMMAND, "a string", TableReader.STRING)
                : t.get(key, A_COMMAND, v -> v instanceof String line ? ShellWords.split(line) : null);
    }

    private Located<Path> path(TableReader t, String key) {
        return t.get(key, "a path string", v -> v instanceof String s ? resolve(dir, s) : null);
    }

    /** {@code env}: names and values as strings; an invalid name is reported and left out. */
    static Located<Map<String, String>> env(TableReader service) {
        TableReader env = service.table("env");
        if (env == null) return null;
        Map<String, String> variables = new LinkedHashMap<>();
        for (String name : env.keys()) {
            if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
                env.report(env.origin(name), "not a valid environment variable name");
                continue;
            }
            Located<String> value = env.get(name, "a string", TableReader.STRING);
            if (value != null) variables.put(name, value.value());
        }
        return new Located<>(Map.copyOf(variables), env.origin());
    }

    /** {@code path} against {@code dir}, absolute and normalized. */
    static Path resolve(Path dir, String path) {
        try {
            return dir.resolve(path).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("not a valid path: " + TomlText.quote(path));
        }
    }

    private SocketSpec socket(Object value) {
        return value instanceof String uri ? SocketUris.parse(uri, dir) : null;
    }

    static Duration duration(Object value) {
        return value instanceof String text ? Durations.parse(text) : null;
    }

    private static RestartPolicy restart(Object value) {
        if (!(value instanceof String text)) return null;
        return switch (text) {
            case "always" -> RestartPolicy.ALWAYS;
            case "on-failure" -> RestartPolicy.ON_FAILURE;
            case "never" -> RestartPolicy.NEVER;
            default ->
                throw new IllegalArgumentException(
                        "expected one of " + RESTART_CHOICES + ", got " + TomlText.quote(text));
        };
    }

    private static Dependency.Condition condition(Object value) {
        if (!(value instanceof String text)) return null;
        for (Dependency.Condition condition : Dependency.Condition.values()) {
            if (condition.name().toLowerCase(Locale.ROOT).equals(text)) return condition;
        }
        throw new IllegalArgumentException("expected one of " + CONDITION_CHOICES + ", got " + TomlText.quote(text));
    }
}
