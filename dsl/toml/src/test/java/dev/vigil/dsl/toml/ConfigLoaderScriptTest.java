package dev.vigil.dsl.toml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.engine.model.ReadinessSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [readiness] script} and {@code script_interval}, and the global hook limits: effects and problems. */
class ConfigLoaderScriptTest {

    private static final String SLEEP = "command = [\"sleep\", \"1\"]\n";

    @TempDir
    Path tmp;

    private TempConfig config;

    @BeforeEach
    void setUp() {
        config = new TempConfig(tmp);
    }

    @Test
    void script_isResolvedAgainstTheConfigFolder_andCountsAsAReadinessSource() throws Exception {
        config.file("hooks/ready.js", "function ready(ctx) { return 'ready'; }\n");
        config.service("web", SLEEP + "[readiness]\nscript = \"hooks/ready.js\"\n");
        var spec = config.spec("web");
        assertEquals(config.abs().resolve("hooks/ready.js"), spec.readiness().script());
        assertEquals(ReadinessSpec.DEFAULT_SCRIPT_INTERVAL, spec.readiness().scriptInterval());
        assertTrue(spec.hasReadinessSource());
    }

    @Test
    void scriptInterval_hasItsEffect() throws Exception {
        config.file("hooks/ready.js", "function ready(ctx) { return 'ready'; }\n");
        config.service("web", SLEEP + "[readiness]\nscript = \"hooks/ready.js\"\nscript_interval = \"250ms\"\n");
        assertEquals(Duration.ofMillis(250), config.spec("web").readiness().scriptInterval());
    }

    @Test
    void missingScript_isAProblemAtItsKey() {
        config.service("web", SLEEP + "[readiness]\nscript = \"hooks/nope.js\"\n");
        List<String> problems = config.problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.getFirst().startsWith("services/web.toml:3:1: readiness.script: no such file: "), problems.getFirst());
        assertTrue(problems.getFirst().contains("hooks/nope.js"), problems.getFirst());
    }

    @Test
    void wrongTypes_andAZeroInterval_areReported() {
        config.service("web", SLEEP + "[readiness]\nscript = 3\nscript_interval = \"0s\"\n");
        assertEquals(
                List.of("services/web.toml:3:1: readiness.script: expected a path string like \"hooks/ready.js\", got integer",
                        "services/web.toml:4:1: readiness.script_interval: must be greater than 0"),
                config.problems());
    }

    @Test
    void hookLimits_defaultAndDeclared() throws Exception {
        config.service("web", SLEEP);
        assertEquals(Globals.HookLimits.DEFAULT, config.load().globals().hooks());
        config.file("vigil.toml", "hook_timeout = \"2s\"\nhook_statements = 5000\n");
        assertEquals(new Globals.HookLimits(Duration.ofSeconds(2), 5000), config.load().globals().hooks());
    }

    @Test
    void hookLimits_mustBePositive() {
        config.service("web", SLEEP);
        config.file("vigil.toml", "hook_timeout = \"0s\"\nhook_statements = 0\n");
        assertEquals(
                List.of("vigil.toml:1:1: hook_timeout: must be greater than 0", "vigil.toml:2:1: hook_statements: must be at least 1"),
                config.problems());
    }
}
