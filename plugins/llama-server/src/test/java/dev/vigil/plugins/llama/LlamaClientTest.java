package dev.vigil.plugins.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.plugins.llama.LlamaClient.Reply;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LlamaClientTest {

    final MutableClock clock = new MutableClock();
    final AtomicReference<String> authorization = new AtomicReference<>();
    HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.createContext("/", x -> {
            authorization.set(x.getRequestHeaders().getFirst("Authorization"));
            int size = x.getRequestURI().getPath().equals("/huge") ? LlamaClient.BODY_LIMIT + 1 : 2;
            x.sendResponseHeaders(200, size);
            try (OutputStream out = x.getResponseBody()) {
                out.write(new byte[size]);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    LlamaClient client(String base, String key) {
        Settings settings = new Settings(URI.create(base), Settings.Flavor.AUTO, key, Duration.ofSeconds(3),
                Duration.ofSeconds(2), true);
        return new LlamaClient(TestContext.HTTP, clock, settings);
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void answer_withBearerKey() throws Exception {
        Reply reply = client(base(), "k1").get("/health", clock.instant().plusSeconds(5));
        assertEquals(200, assertInstanceOf(Reply.Answered.class, reply).status());
        assertEquals("Bearer k1", authorization.get());
    }

    @Test
    void aBasePath_isKept() throws Exception {
        server.createContext("/llama/health", x -> {
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        Reply reply = client(base() + "/llama", null).get("/health", clock.instant().plusSeconds(5));
        assertEquals(204, assertInstanceOf(Reply.Answered.class, reply).status());
    }

    @Test
    void aBodyOverTheLimit_isBroken() throws Exception {
        Reply reply = client(base(), null).get("/huge", clock.instant().plusSeconds(5));
        assertInstanceOf(Reply.Broken.class, reply);
    }

    @Test
    void nothingListening_isRefused() throws Exception {
        String base = base();
        server.stop(0);
        assertInstanceOf(Reply.Refused.class, client(base, null).get("/health", clock.instant().plusSeconds(5)));
    }
}
