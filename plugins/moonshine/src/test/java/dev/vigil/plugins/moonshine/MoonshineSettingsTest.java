package dev.vigil.plugins.moonshine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.engine.spi.ProbeConfigException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MoonshineSettingsTest {

    private static MoonshineSettings read(List<URI> endpoints, Object... kv) throws ProbeConfigException {
        return MoonshineSettings.from(MapConfig.of(kv), endpoints);
    }

    private static ProbeConfigException refused(Object... kv) {
        return assertThrows(ProbeConfigException.class, () -> read(List.of(), kv));
    }

    @Test
    void defaults() throws Exception {
        MoonshineSettings s = read(List.of(URI.create("tcp://127.0.0.1:8089")));
        assertEquals(URI.create("http://127.0.0.1:8089"), s.base());
        assertEquals(Flavor.AUTO, s.flavor());
        assertEquals(Duration.ofSeconds(3), s.idleAfter());
        assertEquals(Duration.ofSeconds(2), s.requestTimeout());
        assertNull(s.model());
        assertNull(s.apiKey());
    }

    @Test
    void everyKey_hasItsEffect() throws Exception {
        MoonshineSettings s = read(List.of(), "url", "https://stt.local/speaches/", "flavor", "speaches", "idle_after", "1m",
                "request_timeout", "500ms", "model", "UsefulSensors/moonshine-base", "api_key", "sk-1");
        assertEquals(URI.create("https://stt.local/speaches/api/ps"), s.resolve("/api/ps"));
        assertEquals(Flavor.SPEACHES, s.flavor());
        assertEquals(Duration.ofMinutes(1), s.idleAfter());
        assertEquals(Duration.ofMillis(500), s.requestTimeout());
        assertEquals("UsefulSensors/moonshine-base", s.model());
        assertEquals("sk-1", s.apiKey());
    }

    @Test
    void toString_neverShowsTheApiKey() throws Exception {
        String s = read(List.of(), "flavor", "speaches", "api_key", "sk-secret").toString();
        assertFalse(s.contains("sk-secret"), s);
        assertTrue(s.contains("apiKey=***"), s);
    }

    @ParameterizedTest
    @CsvSource({"hal0, 8089", "speaches, 8000"})
    void url_withoutEndpoint_isTheFlavorsDocumentedPort(String flavor, int port) throws Exception {
        assertEquals(URI.create("http://127.0.0.1:" + port), read(List.of(), "flavor", flavor).base());
    }

    @Test
    void url_withoutEndpoint_andAuto_isRequired() {
        assertEquals("url", refused().key());
    }

    @Test
    void unknownKey_namesItAndTheNearestKnownOne() {
        ProbeConfigException e = refused("flavor", "hal0", "modle", "x");
        assertEquals("modle", e.key());
        assertEquals("unknown key; did you mean model? (moonshine knows url, flavor, idle_after, request_timeout, model, api_key)",
                e.getMessage());
    }

    @Test
    void apiKey_withHal0_isRefused_withoutShowingIt() {
        ProbeConfigException e = refused("flavor", "hal0", "api_key", "sk-secret");
        assertEquals("api_key", e.key());
        assertFalse(e.getMessage().contains("sk-secret"));
    }

    @Test
    void badValues_nameTheirKey() {
        ProbeConfigException e = refused("flavor", "whisper");
        assertEquals("flavor", e.key());
        assertEquals("expected one of auto, hal0, speaches, got \"whisper\"", e.getMessage());
        assertEquals("model", refused("flavor", "speaches", "model", " ").key());
        assertEquals("api_key", refused("flavor", "speaches", "api_key", "").key());
        assertEquals("idle_after", refused("flavor", "hal0", "idle_after", "3").key());
        assertEquals("request_timeout", refused("flavor", "hal0", "request_timeout", "0ms").key());
        assertEquals("url", refused("url", "http://u:p@h:1").key());
    }
}
