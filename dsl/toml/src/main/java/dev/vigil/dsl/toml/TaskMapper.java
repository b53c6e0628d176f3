package dev.vigil.dsl.toml;

import dev.vigil.engine.model.TaskTemplate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The task templates of {@code vigil.toml} ({@code [tasks.NAME]}), through the same steps as the
 * services: map (types, unknown keys), defaults ({@code timeout}, {@code cwd}), validators (one of
 * {@code command} or {@code action}, a declared {@code service}, a positive timeout, {@code params}
 * only for an action).
 */
final class TaskMapper {

    static final List<String> TASK_KEYS = List.of("command", "cwd", "env", "timeout", "service", "action", "params");
    static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);

    private TaskMapper() {}

    /** One {@code [tasks.NAME]} table as written; null where it is silent or wrong (and reported). */
    record Draft(
            Located<String> name,
            Located<List<String>> command,
            Located<Path> cwd,
            Located<Map<String, String>> env,
            Located<Duration> timeout,
            Located<String> service,
            Located<String> action,
            Located<List<String>> params) {}

    /** The drafts of {@code vigil.toml}'s {@code tasks} table, in declaration order. */
    static List<Draft> map(ConfigFolder.Sources sources, Path dir, List<Problem> problems) {
        ConfigFolder.Document globals = sources.globals();
        if (globals == null || !globals.parsed()) return List.of();
        // Mapper reads the rest of the root (and allows "tasks"); this reader only looks at "tasks".
        TableReader tasks = TableReader.root(globals.file(), globals.root(), problems).table("tasks");
        if (tasks == null) return List.of();
        List<Draft> drafts = new ArrayList<>();
        for (String name : tasks.keys()) {
            TableReader t = tasks.table(name);
            if (t == null) continue;
            t.allowOnly(TASK_KEYS, Set.of());
            drafts.add(new Draft(
                    new Located<>(name, t.origin()),
                    ServiceMapper.command(t, "command"),
                    t.get("cwd", "a path string", v -> v instanceof String s ? ServiceMapper.resolve(dir, s) : null),
                    ServiceMapper.env(t),
                    t.get("timeout", ServiceMapper.A_DURATION, ServiceMapper::duration),
                    t.get("service", "a service name", TableReader.STRING),
                    t.get("action", "an action name like \"load\"", TableReader.STRING),
                    t.list("params", "an array of param names", "a param name", TableReader.STRING)));
        }
        return drafts;
    }

    /** Every problem of the task drafts; {@code declarations} tell which services exist. */
    static List<Problem> check(List<Draft> drafts, Declarations declarations) {
        List<Problem> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Draft d : drafts) {
            Origin at = d.name().origin();
            if (!Validators.NAME.matcher(d.name().value()).matches()) problems.add(at.problem("invalid task name: " + Validators.NAME_RULE));
            if (!seen.add(d.name().value())) problems.add(at.problem("task " + TomlText.quote(d.name().value()) + " is declared twice"));
            boolean command = d.command() != null || d.cwd() != null || d.env() != null;
            if (d.command() == null && d.action() == null) {
                problems.add(at.problem("needs a command, or a provider action (service = \"NAME\", action = \"load\")"));
            }
            if (d.action() != null && command) {
                Located<?> extra = Stream.of(d.command(), d.cwd(), d.env()).filter(x -> x != null).findFirst().orElseThrow();
                problems.add(extra.origin().problem("not allowed together with action: a task runs a command or a provider action"));
            }
            if (d.action() != null && d.service() == null) problems.add(d.action().origin().problem("a provider action needs service = \"NAME\""));
            if (d.params() != null && d.action() == null) {
                problems.add(d.params().origin().problem("only for an action: a command's params are its {placeholders}"));
            }
            if (d.command() != null && d.command().value().isEmpty()) problems.add(d.command().origin().problem("must not be empty"));
            if (d.timeout() != null && !d.timeout().value().isPositive()) problems.add(d.timeout().origin().problem("must be positive"));
            if (d.service() != null && !declarations.mayDeclare(d.service().value())) {
                List<String> names = declarations.services().stream().map(s -> s.name().value()).toList();
                problems.add(d.service().origin().problem("no service named " + TomlText.quote(d.service().value())
                        + Spelling.nearest(d.service().value(), names).map(n -> " (did you mean " + TomlText.quote(n) + "?)").orElse("")));
            }
        }
        return problems;
    }

    /** The templates of drafts that passed {@link #check}, every default applied. */
    static List<TaskTemplate> templates(List<Draft> drafts, Path dir) {
        List<TaskTemplate> templates = new ArrayList<>();
        for (Draft d : drafts) {
            Duration timeout = d.timeout() == null ? DEFAULT_TIMEOUT : d.timeout().value();
            Optional<String> service = Optional.ofNullable(d.service()).map(Located::value);
            Path source = d.name().origin().file();
            if (d.action() != null) {
                Set<String> params = d.params() == null ? Set.of() : new LinkedHashSet<>(d.params().value());
                templates.add(new TaskTemplate(d.name().value(), service, timeout, new TaskTemplate.Action(d.action().value()), params, source));
            } else {
                TaskTemplate.Command c = new TaskTemplate.Command(d.command().value(), d.cwd() == null ? dir : d.cwd().value(),
                        d.env() == null ? Map.of() : d.env().value());
                templates.add(TaskTemplate.command(d.name().value(), service, timeout, c, source));
            }
        }
        return List.copyOf(templates);
    }
}
