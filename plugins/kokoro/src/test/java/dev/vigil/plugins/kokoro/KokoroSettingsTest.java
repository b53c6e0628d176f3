package dev.vigil.plugins.kokoro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.engine.spi.ProbeConfigException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class KokoroSettingsTest {

    private static KokoroSettings read(List<URI> endpoints, Object... kv) throws ProbeConfigException {
        return KokoroSettings.from(MapConfig.of(kv), endpoints);
    }

    private static ProbeConfigException refused(Object... kv) {
        return assertThrows(ProbeConfigException.class, () -> read(List.of(), kv));
    }

    @Test
    void defaults() throws Exception {
        KokoroSettings s = read(List.of(URI.create("tcp://127.0.0.1:8880")));
        assertEquals(URI.create("http://127.0.0.1:8880"), s.base());
        assertEquals(Flavor.AUTO, s.flavor());
        assertEquals(Duration.ofSeconds(3), s.idleAfter());
        assertEquals(Duration.ofSeconds(2), s.requestTimeout());
    }

    @Test
    void everyKey_hasItsEffect() throws Exception {
        KokoroSettings s = read(List.of(), "url", "http://tts.local:9000/kokoro/", "flavor", "kokoros",
                "idle_after", "10s", "request_timeout", "750ms");
        assertEquals(URI.create("http://tts.local:9000/kokoro"), s.base());
        assertEquals(URI.create("http://tts.local:9000/kokoro/health"), s.resolve("/health"));
        assertEquals(Flavor.KOKOROS, s.flavor());
        assertEquals(Duration.ofSeconds(10), s.idleAfter());
        assertEquals(Duration.ofMillis(750), s.requestTimeout());
    }

    @Test
    void url_defaultsToTheFirstTcpEndpoint_wildcardsBecomeLoopback() throws Exception {
        assertEquals(URI.create("http://127.0.0.1:8084"),
                read(List.of(URI.create("unix:///run/x.sock"), URI.create("tcp://0.0.0.0:8084"), URI.create("tcp://10.0.0.1:1"))).base());
        assertEquals(URI.create("http://[::1]:8084"), read(List.of(URI.create("tcp://[::]:8084"))).base());
    }

    @ParameterizedTest
    @CsvSource({"fastapi, 8880", "hal0, 8090", "kokoros, 3000"})
    void url_withoutEndpoint_isTheFlavorsDocumentedPort(String flavor, int port) throws Exception {
        assertEquals(URI.create("http://127.0.0.1:" + port), read(List.of(), "flavor", flavor).base());
    }

    @Test
    void url_withoutEndpoint_andAuto_isRequired() {
        ProbeConfigException e = refused();
        assertEquals("url", e.key());
        assertTrue(e.getMessage().contains("no tcp endpoint"), e.getMessage());
    }

    @Test
    void unknownKey_namesItAndTheNearestKnownOne() {
        ProbeConfigException e = refused("flavor", "hal0", "idle_afer", "3s");
        assertEquals("idle_afer", e.key());
        assertEquals("unknown key; did you mean idle_after? (kokoro knows url, flavor, idle_after, request_timeout)", e.getMessage());

        e = refused("flavor", "hal0", "interval_ms", "3s");
        assertEquals("interval_ms", e.key());
    }

    @Test
    void apiKey_isRefused_becauseNoKokoroServerChecksOne() {
        ProbeConfigException e = refused("flavor", "hal0", "api_key", "s3cret");
        assertEquals("api_key", e.key());
        assertTrue(!e.getMessage().contains("s3cret"));
    }

    @Test
    void badValues_nameTheirKey() {
        ProbeConfigException e = refused("flavor", "onnx");
        assertEquals("flavor", e.key());
        assertEquals("expected one of auto, fastapi, hal0, kokoros, got \"onnx\" (hal0's kokoro-onnx server is \"hal0\")", e.getMessage());
        assertEquals("idle_after", refused("flavor", "hal0", "idle_after", "soon").key());
        assertEquals("request_timeout", refused("flavor", "hal0", "request_timeout", "0s").key());
        assertEquals("url", refused("url", "ftp://x/").key());
        assertEquals("url", refused("url", "http://user:pw@x:1/").key());
        assertEquals("url", refused("url", "http://x:1/?a=b").key());
        assertEquals("flavor", refused("flavor", 3L).key());
    }
}
