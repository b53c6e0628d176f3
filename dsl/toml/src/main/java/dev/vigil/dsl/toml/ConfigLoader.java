package dev.vigil.dsl.toml;

import dev.vigil.engine.model.ServiceSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Loads a config folder into specs: {@code vigil.toml} (optional settings, {@code [defaults]},
 * {@code [services.NAME]}, {@code [tasks.NAME]}) and {@code services/*.toml} (one service per file, named by its stem).
 *
 * <p>A pipeline of named steps: parse ({@link ConfigFolder}), map ({@link Mapper}), defaults
 * ({@link Defaults}), validators ({@link Validators}). Every step goes on past problems, so one run
 * reports every problem of every file. Stateless: each call reads the files afresh, on the calling
 * thread.
 */
public final class ConfigLoader {

    private ConfigLoader() {}

    /**
     * Loads the config folder {@code configDir}.
     *
     * <p>Either every service is valid and fully resolved (each default applied, each path absolute
     * and normalized, relative ones taken from {@code configDir}), or nothing is returned and the
     * exception lists every problem, sorted by file, line and column. Problems name files as
     * {@code configDir} resolves them, so a relative folder gives relative file names.
     *
     * @throws ConfigException listing every problem in every file
     */
    public static Config load(Path configDir) throws ConfigException {
        List<Problem> problems = new ArrayList<>();
        Path dir = configDir.toAbsolutePath().normalize();
        ConfigFolder.Sources parsed = ConfigFolder.read(configDir, problems);
        Declarations mapped = Mapper.map(configDir, dir, parsed, problems);
        List<TaskMapper.Draft> tasks = TaskMapper.map(parsed, dir, problems);
        Declarations defaulted = Defaults.apply(mapped, dir);
        problems.addAll(Validators.check(defaulted));
        problems.addAll(TaskMapper.check(tasks, defaulted));
        problems.addAll(Validators.somethingDeclared(defaulted, !tasks.isEmpty()));
        List<ServiceSpec> services = problems.isEmpty() ? specs(defaulted, problems) : List.of();
        if (!problems.isEmpty()) {
            throw new ConfigException(
                    problems.stream().distinct().sorted(Problem.ORDER).toList());
        }
        return new Config(dir, defaulted.globals().toGlobals(), services, TaskMapper.templates(tasks, dir));
    }

    /**
     * The specs, sorted by name. The model records reject nothing that passed the validators, unless
     * a validator misses a rule; then the record's own message is reported rather than thrown.
     */
    private static List<ServiceSpec> specs(Declarations defaulted, List<Problem> problems) {
        List<ServiceSpec> specs = new ArrayList<>();
        for (ServiceDraft service : defaulted.services()) {
            try {
                specs.add(service.toSpec());
            } catch (IllegalArgumentException e) {
                problems.add(service.name().origin().problem(e.getMessage()));
            }
        }
        specs.sort(Comparator.comparing(ServiceSpec::name));
        return List.copyOf(specs);
    }
}
