package dev.vigil.dsl.toml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.vigil.engine.model.ProviderSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [provider]}: kind and the schedule keys are vigil's, the rest goes to the provider as written. */
class ProviderMapperTest {

    private static final String SLEEP = "command = [\"sleep\", \"1\"]\n";

    @TempDir
    Path tmp;

    private TempConfig config;

    @BeforeEach
    void setUp() {
        config = new TempConfig(tmp);
    }

    @Test
    void noTable_noProvider() throws Exception {
        config.service("web", SLEEP);
        assertNull(config.spec("web").provider());
    }

    @Test
    void everyKey_hasItsEffect_andTheRestIsPassedAsWritten() throws Exception {
        config.service("llm", SLEEP + """
                [provider]
                kind = "llama-server"
                url = "http://127.0.0.1:8080"
                api_key = "secret"
                slots = true
                idle_after = "5s"
                ratio = 0.5
                port = 8080
                interval = "250ms"
                timeout = "3s"
                strikes = 4
                """);
        ProviderSpec p = config.spec("llm").provider();
        assertEquals("llama-server", p.kind());
        assertEquals(Map.of("url", "http://127.0.0.1:8080", "api_key", "secret", "slots", true, "idle_after", "5s", "ratio", 0.5,
                "port", 8080L), p.settings());
        assertEquals(Duration.ofMillis(250), p.interval());
        assertEquals(Duration.ofSeconds(3), p.timeout());
        assertEquals(4, p.strikes());
    }

    @Test
    void defaults_apply() throws Exception {
        config.service("tts", SLEEP + "[provider]\nkind = \"kokoro\"\n");
        assertEquals(new ProviderSpec("kokoro", Map.of(), ProviderSpec.DEFAULT_INTERVAL, ProviderSpec.DEFAULT_TIMEOUT,
                ProviderSpec.DEFAULT_STRIKES), config.spec("tts").provider());
    }

    @Test
    void mistakes_areReportedAtTheirKeys() {
        config.service("bad", SLEEP + """
                [provider]
                url = "http://x"
                strikes = 0
                interval = "soon"
                nested = { a = 1 }
                """);
        assertEquals(List.of(
                        "services/bad.toml:2:1: provider: missing kind (e.g. kind = \"llama-server\")",
                        "services/bad.toml:4:1: provider.strikes: must be at least 1",
                        "services/bad.toml:5:1: provider.interval: bad duration \"soon\" (use e.g. 500ms, 10s, 5m, 1h)",
                        "services/bad.toml:6:1: provider.nested: expected a string, a number or a boolean, got table"),
                config.problems());
    }
}
