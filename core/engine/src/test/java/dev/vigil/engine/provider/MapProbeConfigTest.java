package dev.vigil.engine.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.engine.spi.ProbeConfigException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MapProbeConfigTest {

    private static MapProbeConfig config(Object... keyValues) {
        Map<String, Object> table = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) table.put((String) keyValues[i], keyValues[i + 1]);
        return new MapProbeConfig("llama-server", table);
    }

    @Test
    void typedGetters_readTomlValues() throws Exception {
        MapProbeConfig c = config("flavor", "auto", "slots", 4L, "router", true, "ratio", 0.5, "interval", "1s");
        assertEquals("llama-server", c.kind());
        assertEquals(Set.of("flavor", "slots", "router", "ratio", "interval"), c.keys());
        assertEquals(Optional.of("auto"), c.string("flavor"));
        assertEquals(Optional.of(4L), c.integer("slots"));
        assertEquals(Optional.of(true), c.bool("router"));
        assertEquals(Optional.of(Duration.ofSeconds(1)), c.duration("interval"));
        assertEquals(Optional.empty(), c.string("absent"));
        assertEquals(Optional.empty(), c.integer("absent"));
        assertEquals(Optional.empty(), c.bool("absent"));
        assertEquals(Optional.empty(), c.duration("absent"));
        assertEquals(Optional.empty(), c.uri("absent"));
    }

    @Test
    void anIntFromJava_isAnIntegerToo() throws Exception {
        assertEquals(Optional.of(3L), config("n", 3).integer("n"));
    }

    @Test
    void wrongTypes_areConfigErrorsNamingTheKey() {
        assertWrong(config("flavor", 3L), "flavor", "expected a string, got an integer (3)", c -> c.string("flavor"));
        assertWrong(config("slots", "4"), "slots", "expected an integer, got a string (\"4\")", c -> c.integer("slots"));
        assertWrong(config("slots", 4.5), "slots", "expected an integer, got a number (4.5)", c -> c.integer("slots"));
        assertWrong(config("router", "yes"), "router", "expected true or false, got a string (\"yes\")", c -> c.bool("router"));
        assertWrong(config("interval", 3L), "interval", "expected a duration like \"3s\", got an integer (3)", c -> c.duration("interval"));
        assertWrong(config("url", Map.of()), "url", "expected an http(s) URL, got a table", c -> c.uri("url"));
        assertWrong(config("flavor", List.of("a")), "flavor", "expected a string, got an array", c -> c.string("flavor"));
    }

    @FunctionalInterface
    private interface Read {
        Object from(MapProbeConfig c) throws ProbeConfigException;
    }

    private static void assertWrong(MapProbeConfig c, String key, String message, Read read) {
        var e = assertThrows(ProbeConfigException.class, () -> read.from(c));
        assertEquals(key, e.key());
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "3s, PT3S", "5m, PT5M", "1h, PT1H", "1h30m, PT1H30M", "1m30s, PT1M30S", "1.5s, PT1.5S", "1d, PT24H",
            "0, PT0S", "0s, PT0S"})
    void durations_readAsPeopleWriteThem(String text, String iso) throws Exception {
        assertEquals(Optional.of(Duration.parse(iso)), config("interval", text).duration("interval"));
    }

    @ParameterizedTest
    @CsvSource({"10x", "-1s", "s", "1 s", "''", "1h 30m", "ms"})
    void badDurations_areConfigErrors(String text) {
        assertWrong(config("interval", text), "interval", "bad duration \"" + text + "\" (use e.g. 500ms, 3s, 5m, 1h30m)",
                c -> c.duration("interval"));
    }

    @Test
    void uri_isAnAbsoluteHttpUrl() throws Exception {
        assertEquals(Optional.of(URI.create("http://127.0.0.1:8080")), config("url", "http://127.0.0.1:8080").uri("url"));
        assertEquals(Optional.of(URI.create("HTTPS://models.local/v1")), config("url", "HTTPS://models.local/v1").uri("url"));
        for (String bad : List.of("/health", "localhost:8080", "ftp://host/x", "unix:///run/x.sock", "http:///nohost")) {
            assertWrong(config("url", bad), "url", "expected an absolute http(s) URL like \"http://127.0.0.1:8080\", got \"" + bad + "\"",
                    c -> c.uri("url"));
        }
        assertWrong(config("url", "127.0.0.1:8080"), "url",
                "expected an absolute http(s) URL like \"http://127.0.0.1:8080\", got \"127.0.0.1:8080\" (Illegal character in scheme name)",
                c -> c.uri("url"));
    }

    @Test
    void masked_hidesSensitiveValues_inAnyCase_atAnyDepth() {
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("kind", "llama-server");
        table.put("url", "http://127.0.0.1:8080");
        table.put("API_KEY", "s3cret");
        table.put("headers", Map.of("token", "t0ken"));
        table.put("retries", 2L);
        MapProbeConfig c = new MapProbeConfig("llama-server", table);

        assertEquals("{kind=\"llama-server\", url=\"http://127.0.0.1:8080\", API_KEY=***, headers={token=***}, retries=2}",
                c.masked(Set.of("api_key", "token")));
        assertEquals(Map.of("url", "http://127.0.0.1:8080", "API_KEY", "***", "headers", Map.of("token", "***"), "retries", 2L),
                c.maskedValues(Set.of("api_key", "token")));
        assertEquals("{kind=\"llama-server\", url=\"http://127.0.0.1:8080\", API_KEY=\"s3cret\", headers={token=\"t0ken\"}, retries=2}",
                c.masked(Set.of()));
    }

    @Test
    void toString_showsKeysNeverValues() {
        String s = config("api_key", "s3cret").toString();
        assertEquals("MapProbeConfig[kind=llama-server, keys=[api_key]]", s);
        assertFalse(s.contains("s3cret"));
    }

    @Test
    void of_readsTheKindFromTheTable_andKeepsItOutOfKeys() throws Exception {
        MapProbeConfig c = MapProbeConfig.of(Map.of("kind", "kokoro", "url", "http://127.0.0.1:8880"));
        assertEquals("kokoro", c.kind());
        assertEquals(Set.of("url"), c.keys());
        assertEquals(Optional.empty(), c.string("kind"));
    }

    @Test
    void of_withoutAKind_isAConfigErrorAtKind() {
        var missing = assertThrows(ProbeConfigException.class, () -> MapProbeConfig.of(Map.of("url", "http://x")));
        assertEquals("kind", missing.key());
        assertEquals("is required: the provider's kind, e.g. \"llama-server\"", missing.getMessage());
        var wrong = assertThrows(ProbeConfigException.class, () -> MapProbeConfig.of(Map.of("kind", 3L)));
        assertEquals("expected a provider kind, got an integer (3)", wrong.getMessage());
    }
}
