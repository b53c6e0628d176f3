package dev.vigil.dsl.toml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.engine.model.BackoffPolicy;
import dev.vigil.engine.model.ChildSpec;
import dev.vigil.engine.model.Dependency;
import dev.vigil.engine.model.ProbeRole;
import dev.vigil.engine.model.ProbeSpec;
import dev.vigil.engine.model.ProbeTarget;
import dev.vigil.engine.model.ReadinessSpec;
import dev.vigil.engine.model.RestartPolicy;
import dev.vigil.engine.model.ServiceSpec;
import dev.vigil.engine.model.TaskTemplate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The shared fixture folders under {@code tests/fixtures/}, which end-to-end tests run too. Surefire
 * runs in the module folder, so they are two levels up.
 */
class ConfigLoaderFixturesTest {

    private static final Path FIXTURES = Path.of("../../tests/fixtures");

    @Test
    void badConfig_reportsEveryProblemOfEveryFile_exactly() {
        Path dir = FIXTURES.resolve("bad-config");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir));
        String d = dir + "/";
        assertEquals(
                String.join(
                        "\n",
                        d + "services/api.toml:2:1: autostart: expected a boolean, got string \"yes\"",
                        d + "services/api.toml:3:1: ready_timeout: bad duration \"10x\" (use e.g. 500ms, 10s, 5m, 1h)",
                        d + "services/api.toml:6:1: backoff.max_restarts: must not be negative",
                        d + "services/api.toml:10:1: probes[0].tcp: not allowed together with http: a probe checks"
                                + " exactly one of http, tcp, unix, exec",
                        d + "services/broken.toml:1:24: invalid TOML: Unexpected end of line, expected ] or a comma",
                        d
                                + "services/web.toml:2:1: restart: expected one of always, on-failure, never, got"
                                + " \"sometimes\"",
                        d + "services/web.toml:3:12: sockets[0]: bad socket \"tcp://127.0.0.1:99999\": the port must be"
                                + " a number from 1 to 65535",
                        d + "services/web.toml:4:16: depends_on: no service named \"apii\" (did you mean \"api\"?)",
                        d + "vigil.toml:2:1: log_keep: must not be negative",
                        d + "vigil.toml:5:1: defaults: unknown key \"stop_timout\" (did you mean \"stop_timeout\"?)",
                        d + "vigil.toml:7:1: tasks.backup: needs a command, or a provider action (service = \"NAME\", action = \"load\")",
                        d + "vigil.toml:8:1: tasks.backup: unknown key \"comand\" (did you mean \"command\"?)",
                        d + "vigil.toml:9:1: tasks.backup.timeout: must be positive",
                        d + "vigil.toml:10:1: tasks.backup.service: no service named \"wbe\" (did you mean \"web\"?)"),
                e.getMessage());
    }

    @Test
    void goodConfig_mapsExactly() throws Exception {
        Path given = FIXTURES.resolve("good-config");
        Path dir = given.toAbsolutePath().normalize();
        Duration stop = Duration.ofSeconds(5);
        List<ServiceSpec> services = List.of(
                new ServiceSpec(
                        "pair",
                        List.of(
                                new ChildSpec("left", List.of("sleep", "100000"), dir, Map.of("ROLE", "pair")),
                                new ChildSpec(
                                        "right",
                                        List.of("sleep", "100000"),
                                        dir,
                                        Map.of("ROLE", "pair", "SIDE", "right"))),
                        RestartPolicy.ALWAYS,
                        false,
                        true,
                        stop,
                        Duration.ofSeconds(60),
                        List.of(),
                        BackoffPolicy.DEFAULT,
                        given.resolve("services/pair.toml")),
                new ServiceSpec(
                        "setup",
                        List.of(new ChildSpec(ChildSpec.MAIN, List.of("sh", "-c", "echo setup done"), dir, Map.of())),
                        RestartPolicy.ON_FAILURE,
                        true,
                        true,
                        stop,
                        Duration.ZERO,
                        List.of(),
                        BackoffPolicy.DEFAULT,
                        given.resolve("vigil.toml")),
                new ServiceSpec(
                        "sleeper",
                        List.of(new ChildSpec(ChildSpec.MAIN, List.of("sleep", "100000"), dir, Map.of())),
                        RestartPolicy.ON_FAILURE,
                        false,
                        true,
                        stop,
                        Duration.ofSeconds(60),
                        List.of(),
                        BackoffPolicy.DEFAULT,
                        given.resolve("services/sleeper.toml")),
                new ServiceSpec(
                        "worker",
                        List.of(new ChildSpec(
                                ChildSpec.MAIN,
                                List.of("sh", "-c", "touch \"$VIGIL_READY_FILE\" && exec sleep 100000"),
                                dir,
                                Map.of())),
                        RestartPolicy.ON_FAILURE,
                        false,
                        true,
                        stop,
                        Duration.ofSeconds(30),
                        List.of(),
                        BackoffPolicy.DEFAULT,
                        new ReadinessSpec(true, false, false, Duration.ZERO),
                        List.of(
                                new ProbeSpec(
                                        ProbeRole.READINESS,
                                        new ProbeTarget.Exec(List.of("true"), dir, Map.of()),
                                        Duration.ofSeconds(2),
                                        Duration.ofSeconds(1),
                                        1,
                                        3),
                                new ProbeSpec(
                                        ProbeRole.LIVENESS,
                                        new ProbeTarget.Exec(List.of("sh", "-c", "test -d /"), dir, Map.of()),
                                        Duration.ofSeconds(1),
                                        Duration.ofSeconds(3),
                                        1,
                                        5)),
                        List.of(new Dependency("setup", Dependency.Condition.COMPLETED)),
                        given.resolve("services/worker.toml")));
        List<TaskTemplate> tasks = List.of(TaskTemplate.command(
                "migrate",
                Optional.of("sleeper"),
                Duration.ofSeconds(30),
                new TaskTemplate.Command(
                        List.of("sh", "-c", "echo migrating to \"$1\"", "migrate", "{version}"), dir, Map.of("TARGET", "{version}")),
                given.resolve("vigil.toml")));
        Config loaded = ConfigLoader.load(given);
        assertEquals(new Config(dir, new Globals(Optional.empty(), 1024 * 1024, 2), services, tasks), loaded);
        assertEquals(java.util.Set.of("version"), loaded.tasks().getFirst().params());
    }
}
