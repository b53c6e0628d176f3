package dev.vigil.engine.probe;

import dev.vigil.engine.model.ProbeTarget;

import static org.junit.jupiter.api.Assertions.*;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProbeTargetTest {

    @Test
    void http_urlThatDoesNotParse_isAClearIllegalArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProbeTarget.Http.get("http://127.0.0.1:8080/he alth"));
        assertEquals("probe URL \"http://127.0.0.1:8080/he alth\" does not parse: illegal character in path at index 24", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:8080/health", "ftp://host/x", "/health", "127.0.0.1:8080"})
    void http_urlWithoutHttpScheme_isRefused(String url) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProbeTarget.Http.get(url));
        assertTrue(e.getMessage().startsWith("probe URL \"" + url + "\""), e.getMessage());
    }

    @Test
    void http_urlWithoutHost_isRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProbeTarget.Http.get("http:///health"));
        assertEquals("probe URL \"http:///health\": no host", e.getMessage());
    }

    @Test
    void http_badStatusRangeOrPointer_isRefused() {
        URI url = URI.create("http://127.0.0.1/");
        assertThrows(IllegalArgumentException.class, () -> new ProbeTarget.Http(url, 400, 200, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new ProbeTarget.Http(url, 0, 200, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new ProbeTarget.Http(url, 200, 399, null, "status", "ok"));
        assertThrows(IllegalArgumentException.class, () -> new ProbeTarget.Http(url, 200, 399, null, "/a~2", "ok"));
        assertThrows(IllegalArgumentException.class, () -> new ProbeTarget.Http(url, 200, 399, null, null, "ok"));
    }

    @Test
    void get_defaultsTo200Through399() {
        ProbeTarget.Http h = ProbeTarget.Http.get("http://127.0.0.1:8080/health");
        assertEquals(200, h.statusMin());
        assertEquals(399, h.statusMax());
        assertEquals("200-399", h.statusRange());
    }

    @Test
    void describe_isShortAndReadable() {
        assertEquals("http GET http://127.0.0.1:8080/health", ProbeTarget.Http.get("http://127.0.0.1:8080/health").describe());
        assertEquals("tcp 127.0.0.1:6379", new ProbeTarget.Tcp("127.0.0.1", 6379).describe());
        assertEquals("tcp [::1]:6379", new ProbeTarget.Tcp("::1", 6379).describe());
        assertEquals("unix /run/x.sock", new ProbeTarget.Unix(Path.of("/run/x.sock")).describe());
        assertEquals("exec sh -c 'exit 2'", new ProbeTarget.Exec(List.of("sh", "-c", "exit 2"), Path.of("/"), Map.of()).describe());
    }

    @Test
    void tcpAndExec_refuseNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new ProbeTarget.Tcp("127.0.0.1", 0));
        assertThrows(IllegalArgumentException.class, () -> new ProbeTarget.Tcp("127.0.0.1", 65536));
        assertThrows(IllegalArgumentException.class, () -> new ProbeTarget.Tcp(" ", 80));
        assertThrows(IllegalArgumentException.class, () -> new ProbeTarget.Exec(List.of(), Path.of("/"), Map.of()));
    }
}
