package dev.vigil.plugins.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.engine.spi.ProbeConfigException;
import dev.vigil.engine.spi.ProbeProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LlamaServerProviderTest {

    final MutableClock clock = new MutableClock();

    Settings settings(List<URI> endpoints, Object... keysAndValues) throws ProbeConfigException {
        return Settings.read(MapConfig.of(keysAndValues), endpoints);
    }

    ProbeConfigException refused(Object... keysAndValues) {
        return assertThrows(ProbeConfigException.class,
                () -> new LlamaServerProvider().create(MapConfig.of(keysAndValues), new TestContext(clock, List.of())));
    }

    @Test
    void kind_andSecret_andSpiVersion() {
        LlamaServerProvider provider = new LlamaServerProvider();
        assertEquals("llama-server", provider.kind());
        assertEquals(Set.of("api_key"), provider.sensitiveKeys());
        assertEquals(ProbeProvider.SPI_VERSION, provider.spiVersion());
    }

    @Test
    void isFoundByServiceLoader() {
        List<String> kinds = ServiceLoader.load(ProbeProvider.class).stream()
                .map(p -> p.get().kind())
                .toList();
        assertTrue(kinds.contains("llama-server"), kinds.toString());
    }

    @Test
    void defaults() throws Exception {
        Settings s = settings(List.of());
        assertEquals(URI.create("http://127.0.0.1:8080"), s.base());
        assertEquals(Settings.Flavor.AUTO, s.flavor());
        assertEquals(null, s.apiKey());
        assertEquals(Duration.ofSeconds(3), s.idleAfter());
        assertEquals(Duration.ofSeconds(2), s.requestTimeout());
        assertTrue(s.slots());
    }

    @Test
    void everyKey_isRead() throws Exception {
        Settings s = settings(List.of(), "url", "https://llm.local:9931/llama/", "flavor", "router", "api_key", "k",
                "idle_after", "10s", "request_timeout", "500ms", "slots", false);
        assertEquals(new Settings(URI.create("https://llm.local:9931/llama"), Settings.Flavor.ROUTER, "k",
                Duration.ofSeconds(10), Duration.ofMillis(500), false), s);
    }

    @ParameterizedTest
    @CsvSource({
        "tcp://127.0.0.1:9931,      http://127.0.0.1:9931",
        "tcp://0.0.0.0:8081,        http://127.0.0.1:8081",
        "tcp://[::]:8081,           http://[::1]:8081",
        "tcp://[::1]:8081,          http://[::1]:8081",
        "tcp://llm.lan:80,          http://llm.lan:80",
    })
    void url_defaultsToTheFirstTcpEndpoint(String endpoint, String url) throws Exception {
        assertEquals(URI.create(url), settings(List.of(URI.create("unix:///run/llm.sock"), URI.create(endpoint),
                URI.create("tcp://127.0.0.1:1"))).base());
    }

    @Test
    void url_noTcpEndpoint_isLoopback8080() throws Exception {
        assertEquals(URI.create("http://127.0.0.1:8080"), settings(List.of(URI.create("unix:///run/llm.sock"))).base());
    }

    @Test
    void url_explicit_winsOverEndpoints() throws Exception {
        assertEquals(URI.create("http://10.0.0.2:8080"),
                settings(List.of(URI.create("tcp://127.0.0.1:9")), "url", "http://10.0.0.2:8080").base());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "idle_afer        | unknown key (did you mean idle_after?)",
        "timout           | unknown key (did you mean timeout?)",
        "request-timeout  | unknown key (did you mean request_timeout?)",
        "model            | unknown key (known: url, flavor, api_key, idle_after, request_timeout, slots)",
    })
    void unknownKey_isNamed_withTheNearestOne(String key, String message) {
        ProbeConfigException e = refused(key, "x");
        assertEquals(key, e.key());
        assertEquals(message, e.getMessage());
    }

    @Test
    void engineKeys_areTolerated() throws Exception {
        settings(List.of(), "interval", "1s", "timeout", "2s", "strikes", 2L);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "flavor          | fastapi            | expected one of auto, single, router, got \"fastapi\"",
        "url             | http://h:1/?a=b    | must not have a query or a fragment (give the server's root)",
        "url             | http://u:p@h:1     | must not carry credentials (use api_key)",
        "request_timeout | 0s                 | must be positive",
        "idle_after      | soon               | expected a duration like \"3s\"",
        "api_key         | ''                 | is empty",
        "api_key         | 'sk a'             | contains spaces or control characters",
    })
    void badValue_namesTheKey(String key, String value, String message) {
        ProbeConfigException e = refused(key, value);
        assertEquals(key, e.key());
        assertEquals(message, e.getMessage());
    }

    @Test
    void wrongType_namesTheKey() {
        assertEquals("slots", refused("slots", "yes").key());
        assertEquals("idle_after", refused("idle_after", 3L).key());
    }

    @Test
    void theKey_isNeverInAMessageOrInToString() throws Exception {
        ProbeConfigException e = refused("api_key", "sk secret");
        assertFalse(e.getMessage().contains("secret"));
        assertFalse(settings(List.of(), "api_key", "sk-secret").toString().contains("sk-secret"));
    }

    /** The plugin runs in a class loader that sees only the SPI of vigil (issue 5, "Loading"). */
    @Test
    void mainSources_importJavaAndTheSpiOnly() throws IOException {
        Pattern importLine = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)", Pattern.MULTILINE);
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = importLine.matcher(Files.readString(file));
                while (m.find()) {
                    String name = m.group(2);
                    assertTrue(name.startsWith("java.") || name.startsWith("dev.vigil.engine.spi.")
                            || name.startsWith("dev.vigil.plugins.llama."), file + " imports " + name);
                }
            }
        }
    }
}
