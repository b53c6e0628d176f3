package dev.vigil.dsl.js;

import static org.junit.jupiter.api.Assertions.*;

import dev.vigil.engine.readiness.RulePort;
import dev.vigil.engine.spi.ProbeResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A thousand malformed or hostile readiness rules: no crash, each a clear error naming its file, and the sandbox goes on. */
class HostileScriptsTest {

    /** Each kind of script, {@code %d} its number. */
    static final List<String> KINDS = List.of(
            "function ready(ctx) { return ( ; } // %d",
            "function ready(ctx) { while (true) {} } // %d",
            "function f(n) { return f(n + 1) + %d; }\nfunction ready(ctx) { return f(0); }",
            "function ready(ctx) { return new Array(2 ** 32 + %d); }",
            "function ready(ctx) { var a = []; for (;;) a.push(new Array(1000).fill(%d)); }",
            "function ready(ctx) { return Java.type('java.lang.System').exit(%d); }",
            "function ready(ctx) { load('/etc/passwd'); return %d; }",
            "function ready(ctx) { return require('child_process').execSync('id %d'); }",
            "function ready(ctx) { return eval(\"Java.type('java.lang.Runtime')\").getRuntime().exit(%d); }",
            "function ready(ctx) { return [%d]; }",
            "function ready(ctx) { throw new Error('bad %d'); }",
            "function ready(ctx) { return ctx.http.get.constructor('return this')(); } // %d",
            "function ready(ctx) { return vigil.log.getClass().forName('java.lang.Runtime'); } // %d",
            "function ready(ctx) { return 'x'.repeat(2 ** 31 + %d); }",
            "for (;;) {} // %d",
            "var ready = %d;",
            "function ready(ctx) { return ctx.http.get('http://127.0.0.1:%d/'); }",
            "function ready(ctx) { return {state: function () {}, detail: %d}; }",
            "\u0000\u0001\u0002 %d",
            "function ready(ctx) { ctx.sockets.push('x'); return 'ready' + %d; }");

    @TempDir
    Path dir;

    @Test
    void thousandHostileRules_eachAClearError_noCrash() {
        try (JsRuntime runtime = new JsRuntime(Duration.ofMillis(100), 200_000, Duration.ZERO)) {
            ScriptRules rules = new ScriptRules(runtime, dir);
            List<RulePort.Rule> opened = new ArrayList<>();
            List<CompletableFuture<ProbeResult>> answers = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                Path file = Fixtures.write(dir, "hooks/bad-" + i + ".js", KINDS.get(i % KINDS.size()).formatted(i));
                RulePort.Rule rule = rules.open(Fixtures.service("svc" + i, file, List.of()));
                opened.add(rule);
                answers.add(rule.check("main", null));
            }
            int errors = 0;
            for (int i = 0; i < answers.size(); i++) {
                ProbeResult r = answers.get(i).join();
                assertInstanceOf(ProbeResult.Failed.class, r, "script " + i + ": " + KINDS.get(i % KINDS.size()));
                String d = r.detail();
                assertTrue(d.startsWith("hook error: hooks/bad-" + i + ".js"), d);
                assertFalse(d.contains("\n"), d);
                assertTrue(d.length() < 500, d);
                errors++;
            }
            assertEquals(1000, errors);
            opened.forEach(RulePort.Rule::close);
            Path good = Fixtures.write(dir, "hooks/good.js", "function ready(ctx) { return 'ready'; }");
            assertInstanceOf(ProbeResult.Ready.class, rules.open(Fixtures.service("good", good, List.of())).check("main", null).join());
        }
    }
}
