package dev.vigil.plugins.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CallTest {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .proxy(ProxySelector.of(null))
            .build();

    @Test
    void anOversizedAnswer_isBroken_notRead() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.createContext("/", ex -> {
            ex.sendResponseHeaders(200, 0);
            try (var out = ex.getResponseBody()) {
                out.write(new byte[Call.MAX_BODY + 1]);
            } catch (java.io.IOException ignored) {
                // the client gave up reading, as it should
            }
        });
        server.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/health");
            Call.Reply r = Call.get(HTTP, uri, Duration.ofSeconds(5), null);
            assertInstanceOf(Call.Reply.Broken.class, r);
            assertTrue(((Call.Reply.Broken) r).why().contains("larger than 256 KiB"), r.toString());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anAnswer_carriesStatusAndBody() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.createContext("/", ex -> {
            byte[] b = "{\"status\":\"healthy\"}".getBytes();
            ex.sendResponseHeaders(200, b.length);
            try (var out = ex.getResponseBody()) {
                out.write(b);
            }
        });
        server.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/health");
            assertEquals(new Call.Reply.Answer(200, "{\"status\":\"healthy\"}"), Call.get(HTTP, uri, Duration.ofSeconds(5), null));
        } finally {
            server.stop(0);
        }
    }
}
