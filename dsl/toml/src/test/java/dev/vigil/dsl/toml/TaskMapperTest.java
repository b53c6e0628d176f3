package dev.vigil.dsl.toml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.engine.model.TaskTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [tasks.NAME]}: every key has an effect, and every wrong one is reported at its line. */
class TaskMapperTest {

    @TempDir
    Path dir;

    private Path write(String vigilToml) throws Exception {
        Files.writeString(dir.resolve("vigil.toml"), "[services.llm]\ncommand = \"sleep 1000\"\n\n" + vigilToml);
        return dir;
    }

    private String problems(String vigilToml) throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(write(vigilToml)));
        return e.getMessage().replace(dir + "/", "");
    }

    @Test
    void commandTemplate_everyKeyMapped_defaultsApplied() throws Exception {
        var tasks = ConfigLoader.load(write("""
                [tasks.copy]
                command = "cp {from} {to}"
                cwd = "work"
                env = { MODE = "{mode}" }
                timeout = "2m"
                service = "llm"

                [tasks.plain]
                command = ["true"]
                """)).tasks();
        assertEquals(List.of(
                TaskTemplate.command("copy", Optional.of("llm"), Duration.ofMinutes(2),
                        new TaskTemplate.Command(List.of("cp", "{from}", "{to}"), dir.resolve("work"), Map.of("MODE", "{mode}")), dir.resolve("vigil.toml")),
                TaskTemplate.command("plain", Optional.empty(), TaskMapper.DEFAULT_TIMEOUT,
                        new TaskTemplate.Command(List.of("true"), dir, Map.of()), dir.resolve("vigil.toml"))), tasks);
        assertEquals(Set.of("from", "to", "mode"), tasks.getFirst().params());
    }

    @Test
    void actionTemplate_takesItsDeclaredParams() throws Exception {
        var tasks = ConfigLoader.load(write("""
                [tasks.load-model]
                service = "llm"
                action = "load"
                params = ["model"]
                timeout = "5m"
                """)).tasks();
        assertEquals(List.of(new TaskTemplate("load-model", Optional.of("llm"), Duration.ofMinutes(5), new TaskTemplate.Action("load"), Set.of("model"),
                dir.resolve("vigil.toml"))), tasks);
    }

    @Test
    void wrongTables_areReportedAtTheirLines() throws Exception {
        assertEquals(String.join("\n",
                "vigil.toml:4:1: tasks.a: needs a command, or a provider action (service = \"NAME\", action = \"load\")",
                "vigil.toml:5:1: tasks.a: unknown key \"timout\" (did you mean \"timeout\"?)",
                "vigil.toml:7:1: tasks.b.action: a provider action needs service = \"NAME\"",
                "vigil.toml:8:1: tasks.b.command: not allowed together with action: a task runs a command or a provider action",
                "vigil.toml:10:1: tasks.c.params: only for an action: a command's params are its {placeholders}",
                "vigil.toml:11:1: tasks.c.command: must not be empty",
                "vigil.toml:12:1: tasks.c.service: no service named \"lm\" (did you mean \"llm\"?)",
                "vigil.toml:13:1: tasks.c.timeout: must be positive",
                "vigil.toml:14:1: tasks.\"bad name\": invalid task name: use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"),
                problems("""
                        [tasks.a]
                        timout = "1s"
                        [tasks.b]
                        action = "load"
                        command = "true"
                        [tasks.c]
                        params = ["x"]
                        command = []
                        service = "lm"
                        timeout = "0s"
                        [tasks."bad name"]
                        command = "true"
                        """));
    }
}
