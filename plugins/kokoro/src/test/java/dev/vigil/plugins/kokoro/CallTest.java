package dev.vigil.plugins.kokoro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CallTest {

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
            Call.Reply r = Call.get(TestContext.HTTP, uri, Duration.ofSeconds(5));
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
            assertEquals(new Call.Reply.Answer(200, "{\"status\":\"healthy\"}"), Call.get(TestContext.HTTP, uri, Duration.ofSeconds(5)));
        } finally {
            server.stop(0);
        }
    }
}
