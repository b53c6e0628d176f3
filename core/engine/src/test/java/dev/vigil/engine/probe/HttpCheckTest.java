package dev.vigil.engine.probe;

import dev.vigil.engine.model.ProbeTarget;

import static org.junit.jupiter.api.Assertions.*;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.engine.probe.CheckResult.Fail;
import dev.vigil.engine.probe.CheckResult.Pass;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** http probes against a real JDK HttpServer on 127.0.0.1. */
class HttpCheckTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Checker checker = new Checker();
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger slowCalls = new AtomicInteger();
    private HttpServer server;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(handlers);
        server.createContext("/ok", ex -> reply(ex, 200, "all ok"));
        server.createContext("/down", ex -> reply(ex, 503, "{\"error\":\"Loading model\"}"));
        server.createContext("/moved", ex -> reply(ex, 302, ""));
        server.createContext("/json", ex -> reply(ex, 200, "{\"status\":\"ok\",\"slots\":[{\"id\":0,\"busy\":false}],\"n\":3}"));
        server.createContext("/loading", ex -> reply(ex, 200, "{\"status\":\"loading\"}"));
        server.createContext("/html", ex -> reply(ex, 200, "<html>ok</html>"));
        server.createContext("/big", ex -> reply(ex, 200, "ok" + " ".repeat(HttpCheck.BODY_LIMIT)));
        server.createContext("/slow", ex -> {
            slowCalls.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply(ex, 200, "late");
        });
        server.start();
    }

    @AfterEach
    void close() {
        release.countDown();
        checker.close();
        server.stop(0);
        handlers.shutdownNow();
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private CheckResult check(ProbeTarget.Http target) throws Exception {
        return checker.check(target, TIMEOUT).get(10, TimeUnit.SECONDS);
    }

    private ProbeTarget.Http get(String path) {
        return ProbeTarget.Http.get(url(path).toString());
    }

    @Test
    void status200_passes() throws Exception {
        assertEquals(new Pass("HTTP 200"), check(get("/ok")));
    }

    @Test
    void status503_failsNamingTheWantedRange() throws Exception {
        assertEquals(new Fail("HTTP 503 (wanted 200-399)"), check(get("/down")));
    }

    @Test
    void statusRange_isHonoured_andRedirectsAreNotFollowed() throws Exception {
        assertEquals(new Pass("HTTP 302"), check(get("/moved")));
        assertEquals(new Fail("HTTP 302 (wanted 200)"), check(new ProbeTarget.Http(url("/moved"), 200, 200, null, null, null)));
        assertEquals(new Pass("HTTP 503"), check(new ProbeTarget.Http(url("/down"), 503, 503, null, null, null)));
    }

    @Test
    void bodyContains_isChecked() throws Exception {
        assertEquals(new Pass("HTTP 200"), check(new ProbeTarget.Http(url("/ok"), 200, 399, "ok", null, null)));
        assertEquals(new Fail("body does not contain \"ready\""), check(new ProbeTarget.Http(url("/ok"), 200, 399, "ready", null, null)));
    }

    @Test
    void jsonPointer_matchesAField() throws Exception {
        assertEquals(new Pass("HTTP 200, /status is \"ok\""), check(new ProbeTarget.Http(url("/json"), 200, 399, null, "/status", "ok")));
        assertTrue(check(new ProbeTarget.Http(url("/json"), 200, 399, null, "/slots/0/busy", "false")).passed());
        assertTrue(check(new ProbeTarget.Http(url("/json"), 200, 399, null, "/n", "3")).passed());
        assertEquals(new Fail("/status is \"loading\", wanted \"ok\""), check(new ProbeTarget.Http(url("/loading"), 200, 399, null, "/status", "ok")));
    }

    @Test
    void jsonPointer_onABodyThatIsNotJson_fails() throws Exception {
        CheckResult r = check(new ProbeTarget.Http(url("/html"), 200, 399, null, "/status", "ok"));
        assertEquals(new Fail("body is not JSON: unexpected '<' at offset 0"), r);
    }

    @Test
    void bodyOverOneMebibyte_isRefused() throws Exception {
        assertEquals(new Fail("body is larger than 1 MiB"), check(new ProbeTarget.Http(url("/big"), 200, 399, "ok", null, null)));
        assertEquals(new Pass("HTTP 200"), check(get("/big")), "without a body check the body is not read");
    }

    @Test
    void hangingServer_timesOut_withinTheTimeout() throws Exception {
        long start = System.nanoTime();
        CheckResult r = checker.check(get("/slow"), Duration.ofMillis(300)).get(10, TimeUnit.SECONDS);
        assertEquals(new Fail("timed out after 300ms"), r);
        assertEquals(1, slowCalls.get(), "the server really got the request");
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0);
    }

    @Test
    void nobodyListening_isConnectionRefused() throws Exception {
        int port = server.getAddress().getPort();
        server.stop(0);
        assertEquals(new Fail("connection refused"), check(ProbeTarget.Http.get("http://127.0.0.1:" + port + "/ok")));
    }
}
