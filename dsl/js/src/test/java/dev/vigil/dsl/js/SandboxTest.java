package dev.vigil.dsl.js;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The sandbox: limits enforced, the host out of reach, every failure one clear line with file and line. */
class SandboxTest {

    private static final JsRuntime RUNTIME = new JsRuntime(Duration.ofMillis(300), 1_000_000);
    private static final Expressions JS = new Expressions(RUNTIME);

    @AfterAll
    static void close() {
        RUNTIME.close();
    }

    private static JsError error(String expr) {
        Outcome<String> o = JS.evaluate(expr, "[]");
        if (o instanceof Outcome.Broken<String> b) return b.error();
        fail("expected an error from " + expr + ", got " + o);
        return null;
    }

    private static String value(String expr) {
        Outcome<String> o = JS.evaluate(expr, "[{\"name\":\"a\",\"state\":\"READY\"},{\"name\":\"b\",\"state\":\"CRASHED\"}]");
        if (o instanceof Outcome.Done<String> d) return d.value();
        fail("expected a value from " + expr + ", got " + o);
        return null;
    }

    @Test
    void expression_valueAsJson_servicesAreTheApisObjects() {
        assertEquals("3", value("1 + 2"));
        assertEquals("[\"b\"]", value("services().filter(s => s.state == \"CRASHED\").map(s => s.name)"));
        assertEquals("null", value("undefined"));
        assertEquals("{\"a\":[1,2]}", value("var x = {a: [1, 2]}; x"));
    }

    @Test
    void services_isACopy_theEngineSeesNoChange() {
        assertEquals("\"READY\"", value("services()[0].state = 'FAILED'; services()[0].state"));
    }

    @Test
    void infiniteLoop_isCutOffWithinTheLimit_withItsLine() {
        JsRuntime slowStatements = new JsRuntime(Duration.ofMillis(200), Long.MAX_VALUE, Duration.ZERO);
        try {
            long t0 = System.nanoTime();
            Outcome<String> o = new Expressions(slowStatements).evaluate("var i = 0;\nwhile (true) { i++; }", "[]");
            long took = (System.nanoTime() - t0) / 1_000_000;
            JsError e = ((Outcome.Broken<String>) o).error();
            assertEquals("timed out after 200ms", e.message());
            assertEquals("expr", e.file());
            assertEquals(2, e.line());
            assertTrue(took < 200 + 1500, "cut off after " + took + "ms"); // first call also builds the engine
        } finally {
            slowStatements.close();
        }
    }

    @Test
    void coldInterpreter_getsALongerLimit_thenTheConfiguredOne() {
        JsRuntime cold = new JsRuntime(Duration.ofMillis(100), Long.MAX_VALUE, Duration.ofMillis(1500));
        try {
            Expressions js = new Expressions(cold);
            assertEquals("timed out after 2000ms", ((Outcome.Broken<String>) js.evaluate("for (;;) {}", "[]")).error().message());
            await().atMost(Duration.ofSeconds(10)).until(() -> js.evaluate("for (;;) {}", "[]") instanceof Outcome.Broken<String> b
                    && b.error().message().equals("timed out after 100ms"));
        } finally {
            cold.close();
        }
    }

    @Test
    void statementLimit_isEnforced() {
        JsRuntime few = new JsRuntime(Duration.ofSeconds(5), 10_000);
        try {
            JsError e = ((Outcome.Broken<String>) new Expressions(few).evaluate("for (;;) {}", "[]")).error();
            assertEquals("statement limit of 10000 exceeded", e.message());
            assertEquals("expr:1: statement limit of 10000 exceeded", e.toString());
        } finally {
            few.close();
        }
    }

    @Test
    void hostAccess_isRefused() {
        assertEquals("ReferenceError: Java is not defined", error("Java.type('java.lang.System').exit(1)").message());
        assertEquals("ReferenceError: load is not defined", error("load('/etc/passwd')").message());
        assertEquals("ReferenceError: require is not defined", error("require('fs')").message());
        assertEquals("ReferenceError: Polyglot is not defined", error("Polyglot.import('x')").message());
        assertEquals("ReferenceError: print is not defined", error("print('x')").message());
        assertEquals("ReferenceError: Java is not defined", error("eval(\"Java.type('java.lang.Runtime')\")").message());
        assertTrue(error("vigil.log.getClass().forName('java.lang.Runtime')").message().startsWith("TypeError"));
        assertEquals("null", value("typeof Packages === 'undefined' ? null : 'packages'"));
    }

    @Test
    void syntaxError_namesFileAndLine() {
        JsError e = error("var ok = 1;\nvar = ;");
        assertEquals(2, e.line());
        assertTrue(e.message().startsWith("SyntaxError: "), e.message());
        assertFalse(e.message().contains("\n"));
    }

    @Test
    void throwAndReferenceErrors_nameTheirLine() {
        assertEquals("expr:3: Error: boom", error("1;\n2;\nthrow new Error('boom')").toString());
        assertEquals("expr:1: ReferenceError: nope is not defined", error("nope + 1").toString());
    }

    @Test
    void deepRecursion_isARangeError() {
        JsError e = error("function f(n) { return f(n + 1) + 1; }\nf(0)");
        assertTrue(e.message().contains("Maximum call stack size exceeded") || e.message().contains("statement limit"), e.message());
    }

    @Test
    void hugeAllocations_fail_andTheRuntimeGoesOn() {
        String array = error("new Array(2 ** 32)").message();
        assertTrue(array.startsWith("RangeError"), array);
        String repeat = error("'x'.repeat(2 ** 31)").message();
        assertTrue(repeat.startsWith("RangeError"), repeat);
        String why = error("var a = []; while (true) a.push(new Array(100000).fill(1));").message();
        assertTrue(why.startsWith("timed out") || why.startsWith("memory limit") || why.startsWith("statement limit") || why.startsWith("RangeError"), why);
        assertEquals("2", value("1 + 1"));
    }

    @Test
    void allocatingWithoutEnd_isCutOffByTheAllocationLimit_notTheClock() {
        JsRuntime generous = new JsRuntime(Duration.ofSeconds(20), 1_000_000);
        try {
            long t0 = System.nanoTime();
            Outcome<String> o = new Expressions(generous).evaluate("var a = [];\nfor (;;) a.push(new Array(100000).fill(1.5));", "[]");
            JsError e = ((Outcome.Broken<String>) o).error();
            assertEquals("memory limit: allocated more than 95 MB", e.message());
            assertTrue(System.nanoTime() - t0 < 15_000_000_000L, "well before the 20 s limit");
        } finally {
            generous.close();
        }
    }

    @Test
    void aLoopWithinTheStatementLimit_isNotCutByTheInterpretersOwnGarbage() {
        assertEquals("450000", value("var i = 0; while (i < 450000) { i++; } i")); // ~900,000 statements
    }

    @Test
    void aMegabyteOfJson_fitsTheAllocationLimit() {
        // What a rule may read: ctx.http bodies are cut at 1 MiB; parsing one must stay within the limit.
        String v = value("var body = JSON.stringify(new Array(18000).fill({id: 'qwen3-8b-instruct-q4_k_m', state: 'loaded', n: 1}));\n"
                + "body.length > 1000000 && JSON.parse(body).filter(m => m.state === 'loaded').length");
        assertEquals("18000", v);
    }

    @Test
    void unserializableResult_isAnError() {
        assertTrue(error("var a = {}; a.a = a; a").message().startsWith("TypeError"));
    }
}
