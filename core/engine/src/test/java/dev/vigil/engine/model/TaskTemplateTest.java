package dev.vigil.engine.model;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TaskTemplateTest {

    private static final Path DIR = Path.of("/srv/{site}");

    private final TaskTemplate t = TaskTemplate.command("copy", Optional.empty(), Duration.ofSeconds(5), new TaskTemplate.Command(
            List.of("cp", "{from}", "{to}.bak", "awk '{print $1}'", "{{literal}"), DIR, Map.of("MODE", "{mode}")), Path.of("vigil.toml"));

    @Test
    void params_areThePlaceholdersOfCommandCwdAndEnv() {
        assertEquals(Set.of("from", "to", "mode", "site"), t.params());
    }

    @Test
    void resolve_fillsEachPlaceholder_aValueStaysOneWord() {
        TaskTemplate.Command c = t.resolve(Map.of("from", "a b; rm -rf /", "to", "x", "mode", "fast", "site", "web"));
        assertEquals(List.of("cp", "a b; rm -rf /", "x.bak", "awk '{print $1}'", "{literal}"), c.command());
        assertEquals(Path.of("/srv/web"), c.cwd());
        assertEquals(Map.of("MODE", "fast"), c.env());
    }

    @Test
    void checkParams_namesWhatIsMissingOrUnknown() {
        assertEquals(Optional.of("template \"copy\" needs params mode, site (give them as NAME=VALUE)"), t.checkParams(Map.of("from", "a", "to", "b")));
        assertEquals(Optional.of("template \"copy\" has no param x (it takes from, mode, site, to)"),
                t.checkParams(Map.of("from", "a", "to", "b", "mode", "m", "site", "s", "x", "1")));
        assertEquals(Optional.empty(), t.checkParams(Map.of("from", "a", "to", "b", "mode", "m", "site", "s")));
    }

    @Test
    void anAction_needsAService_andAPositiveTimeout() {
        assertThrows(IllegalArgumentException.class, () -> new TaskTemplate("l", Optional.empty(), Duration.ofSeconds(1), new TaskTemplate.Action("load"), Set.of(), Path.of("v")));
        assertThrows(IllegalArgumentException.class, () -> new TaskTemplate("l", Optional.of("llm"), Duration.ZERO, new TaskTemplate.Action("load"), Set.of(), Path.of("v")));
    }
}
