package dev.vigil.engine.model;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A kind of task, declared as {@code [tasks.NAME]}: a command with {@code {param}} placeholders, or a
 * provider action of a service (a llama-server router's model load).
 *
 * <p>Resolved when built: {@link #params()} are every placeholder's name (for a command) or the
 * declared names (for an action); a submit must give exactly these.
 *
 * @param service the service the task belongs to (required for an action), if any
 * @param timeout a run still going after this long is killed and FAILED
 * @param source the file that declares it
 */
public record TaskTemplate(String name, Optional<String> service, Duration timeout, Body body, Set<String> params, Path source) {

    public TaskTemplate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(body, "body");
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
        params = Set.copyOf(params);
        if (body instanceof Action && service.isEmpty()) throw new IllegalArgumentException("a provider action needs a service");
    }

    /** A command template; its params are the placeholders of {@code command}, {@code cwd} and {@code env}. */
    public static TaskTemplate command(String name, Optional<String> service, Duration timeout, Command command, Path source) {
        return new TaskTemplate(name, service, timeout, command, command.placeholders(), source);
    }

    /** What the task runs. */
    public sealed interface Body {}

    /** A process: argv, cwd and env, each of which may hold {@code {param}} placeholders. */
    public record Command(List<String> command, Path cwd, Map<String, String> env) implements Body {
        public Command {
            command = List.copyOf(command);
            env = Map.copyOf(env);
            Objects.requireNonNull(cwd, "cwd");
            if (command.isEmpty()) throw new IllegalArgumentException("command is empty");
        }

        Set<String> placeholders() {
            Set<String> names = new TreeSet<>();
            command.forEach(w -> names.addAll(Placeholders.names(w)));
            names.addAll(Placeholders.names(cwd.toString()));
            env.values().forEach(v -> names.addAll(Placeholders.names(v)));
            return names;
        }
    }

    /** A provider action ({@code load}, {@code unload}) of the template's service. */
    public record Action(String action) implements Body {
        public Action {
            Objects.requireNonNull(action, "action");
        }
    }

    /**
     * What is wrong with {@code given} as this template's params (a missing or an unknown one), or
     * empty when they fit.
     */
    public Optional<String> checkParams(Map<String, String> given) {
        List<String> missing = params.stream().filter(p -> !given.containsKey(p)).sorted().toList();
        if (!missing.isEmpty()) {
            return Optional.of("template \"" + name + "\" needs " + (missing.size() == 1 ? "param " : "params ") + String.join(", ", missing)
                    + " (give them as NAME=VALUE)");
        }
        List<String> unknown = given.keySet().stream().filter(p -> !params.contains(p)).sorted().toList();
        if (!unknown.isEmpty()) {
            return Optional.of("template \"" + name + "\" has no " + (unknown.size() == 1 ? "param " : "params ") + String.join(", ", unknown)
                    + (params.isEmpty() ? " (it takes none)" : " (it takes " + String.join(", ", new TreeSet<>(params)) + ")"));
        }
        return Optional.empty();
    }

    /** The command with every placeholder replaced; {@code given} must fit ({@link #checkParams}). */
    public Command resolve(Map<String, String> given) {
        if (!(body instanceof Command c)) throw new IllegalStateException(name + " is not a command template");
        List<String> argv = new ArrayList<>(c.command().size());
        c.command().forEach(w -> argv.add(Placeholders.fill(w, given)));
        Map<String, String> env = new LinkedHashMap<>();
        c.env().forEach((k, v) -> env.put(k, Placeholders.fill(v, given)));
        return new Command(argv, Path.of(Placeholders.fill(c.cwd().toString(), given)), env);
    }
}
