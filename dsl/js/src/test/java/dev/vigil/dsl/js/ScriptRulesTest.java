package dev.vigil.dsl.js;

import static org.junit.jupiter.api.Assertions.*;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.engine.model.SocketSpec;
import dev.vigil.engine.readiness.RulePort;
import dev.vigil.engine.spi.ProbeResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readiness rules: answers map onto readiness, ctx is what the contract says, http reaches only declared sockets. */
class ScriptRulesTest {

    private static final JsRuntime RUNTIME = new JsRuntime(Duration.ofMillis(500), 1_000_000);
    @TempDir
    Path dir;
    private ScriptRules rules;
    private HttpServer server;
    private int port;

    @BeforeEach
    void setUp() throws IOException {
        rules = new ScriptRules(RUNTIME, dir);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/models", x -> reply(x, 200, "{\"data\":[{\"id\":\"qwen3\"}]}"));
        server.createContext("/health", x -> reply(x, 503, "{\"status\":\"loading\"}"));
        server.createContext("/echo", x -> reply(x, 200, x.getRequestMethod() + " " + x.getRequestHeaders().getFirst("Content-Type") + " "
                + new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        server.start();
        port = server.getAddress().getPort();
    }

    private static void reply(com.sun.net.httpserver.HttpExchange x, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
        x.close();
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
    }

    @AfterAll
    static void close() {
        RUNTIME.close();
    }

    private ProbeResult ask(String script, ProbeResult probe, SocketSpec... sockets) {
        Path file = Fixtures.write(dir, "hooks/ready.js", script);
        try (RulePort.Rule rule = rules.open(Fixtures.service("llm", file, List.of(sockets)))) {
            return rule.check("main", probe).join();
        }
    }

    private ProbeResult ask(String script) {
        return ask(script, null);
    }

    private String hookError(String script, SocketSpec... sockets) {
        ProbeResult r = ask(script, null, sockets);
        assertInstanceOf(ProbeResult.Failed.class, r);
        assertTrue(r.detail().startsWith("hook error: hooks/ready.js"), r.detail());
        return r.detail();
    }

    @Test
    void eachState_mapsOntoReadiness() {
        assertInstanceOf(ProbeResult.Starting.class, ask("function ready(ctx) { return 'starting'; }"));
        assertInstanceOf(ProbeResult.Warming.class, ask("function ready(ctx) { return 'warming'; }"));
        assertInstanceOf(ProbeResult.Ready.class, ask("function ready(ctx) { return 'ready'; }"));
        assertInstanceOf(ProbeResult.Idle.class, ask("function ready(ctx) { return 'idle'; }"));
        assertInstanceOf(ProbeResult.Serving.class, ask("function ready(ctx) { return 'serving'; }"));
        ProbeResult w = ask("function ready(ctx) { return {state: 'warming', detail: 'loading 40%'}; }");
        assertEquals(new ProbeResult.Warming("loading 40%", null), w);
    }

    @Test
    void ctx_hasServiceChildSocketsAndProbe_andIsFrozen() {
        String script = """
                'use strict';
                function ready(ctx) {
                  var frozen = false;
                  try { ctx.service = 'other'; } catch (e) { frozen = true; }
                  return {state: 'ready', detail: [ctx.service, ctx.child, ctx.sockets.join(' '), ctx.probe.state, ctx.probe.detail,
                      ctx.probe.models[0].id, frozen].join('|')};
                }
                """;
        ProbeResult probe = new ProbeResult.Ready(List.of(new ProbeResult.Model("qwen3", "loaded", null)), "model loaded");
        ProbeResult r = ask(script, probe, new SocketSpec.Tcp("127.0.0.1", 8080));
        assertEquals("llm|main|tcp://127.0.0.1:8080|ready|model loaded|qwen3|true", r.detail());
        assertEquals("none", ask("function ready(ctx) { return {state: 'ready', detail: ctx.probe === null ? 'none' : 'some'}; }").detail());
    }

    @Test
    void garbageAnswers_areHookErrors_withTheFunctionsLine() {
        assertTrue(hookError("\nfunction ready(ctx) { return 42; }").contains("hooks/ready.js:2: ready(ctx) returned 42; expected one of"));
        assertTrue(hookError("function ready(ctx) { return 'done'; }").contains("returned state \"done\""));
        assertTrue(hookError("function ready(ctx) { }").contains("returned undefined"));
        assertTrue(hookError("function ready(ctx) { return {state: 'ready', detail: 3}; }").contains("detail that is not a string"));
        assertTrue(hookError("var x = 1;").contains("defines no function ready(ctx)"));
        assertTrue(hookError("function ready(ctx) {\n  return ctx.nope.x;\n}").contains("hooks/ready.js:2: TypeError"));
    }

    @Test
    void http_get_readsADeclaredSocket() {
        String script = """
                function ready(ctx) {
                  var models = ctx.http.get('http://127.0.0.1:%d/v1/models', {timeout: 1000});
                  var health = ctx.http.get('http://localhost:%d/health', {timeout: '1s'});
                  var listed = models.json().data.some(function (m) { return m.id === 'qwen3'; });
                  return {state: listed && health.status === 200 ? 'ready' : 'warming', detail: models.status + ' ' + health.status + ' ' + health.json().status};
                }
                """.formatted(port, port);
        assertEquals(new ProbeResult.Warming("200 503 loading", null), ask(script, null, new SocketSpec.Tcp("127.0.0.1", port)));
    }

    @Test
    void http_post_sendsTextOrJson() {
        String script = """
                function ready(ctx) {
                  var a = ctx.http.post('http://127.0.0.1:%d/echo', 'hi');
                  var b = ctx.http.post('http://127.0.0.1:%d/echo', {n: 1});
                  return {state: 'ready', detail: a.body + ' / ' + b.body};
                }
                """.formatted(port, port);
        assertEquals("POST text/plain hi / POST application/json {\"n\":1}", ask(script, null, new SocketSpec.Tcp("127.0.0.1", port)).detail());
    }

    @Test
    void http_refusedConnection_isStatusZeroWithAnError() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String script = "function ready(ctx) { var r = ctx.http.get('http://127.0.0.1:" + closed + "/'); return {state: 'starting', detail: r.status + ' ' + r.error}; }";
        assertEquals(new ProbeResult.Starting("0 connection refused"), ask(script, null, new SocketSpec.Tcp("127.0.0.1", closed)));
    }

    @Test
    void http_toAnUndeclaredEndpoint_isRefused() {
        String elsewhere = hookError("function ready(ctx) { return ctx.http.get('http://127.0.0.1:" + port + "/v1/models').status; }",
                new SocketSpec.Tcp("127.0.0.1", port + 1 > 65535 ? port - 1 : port + 1));
        assertTrue(elsewhere.contains("is not a declared socket of llm"), elsewhere);
        assertTrue(hookError("function ready(ctx) { return ctx.http.get('http://example.com/').status; }").contains("declared: none"));
        assertTrue(hookError("function ready(ctx) { return ctx.http.get('file:///etc/passwd').status; }").contains("only http://"));
    }

    @Test
    void changedFile_isReadAgain_atTheNextCall() throws IOException {
        Path file = Fixtures.write(dir, "hooks/ready.js", "function ready(ctx) { return 'warming'; }");
        try (RulePort.Rule rule = rules.open(Fixtures.service("llm", file, List.of()))) {
            assertInstanceOf(ProbeResult.Warming.class, rule.check("main", null).join());
            Files.writeString(file, "function ready(ctx) { return 'ready'; } // edited");
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
            assertInstanceOf(ProbeResult.Ready.class, rule.check("main", null).join());
            Files.delete(file);
            ProbeResult gone = rule.check("main", null).join();
            assertTrue(gone.detail().contains("cannot read the script"), gone.detail());
        }
    }
}
