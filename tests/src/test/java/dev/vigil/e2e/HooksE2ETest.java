package dev.vigil.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JS hooks in the real daemon: a readiness rule decides READY, an event hook acts on a crash, `vigil js`, and hostile hooks. */
class HooksE2ETest {

    @TempDir
    Path dir;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void readinessRule_decidesReady_onlyWhenItSaysSo() throws Exception {
        int port = freePort();
        Path www = Files.createDirectories(dir.resolve("www"));
        try (Vigil v = new Vigil(dir).file("hooks/gate.js", """
                // READY once the server serves go.txt; WARMING while it answers 404; STARTING while refused.
                function ready(ctx) {
                  var r = ctx.http.get(ctx.sockets[0].replace('tcp://', 'http://') + '/go.txt', {timeout: 200});
                  if (r.status === 0) return {state: 'starting', detail: r.error};
                  return r.status === 200 ? {state: 'ready', detail: 'go: ' + r.body.trim()} : {state: 'warming', detail: 'no go.txt yet'};
                }
                """).service("web", """
                command = ["python3", "-m", "http.server", "%d", "--bind", "127.0.0.1"]
                cwd = "%s"
                sockets = ["tcp://127.0.0.1:%d"]
                [readiness]
                script = "hooks/gate.js"
                script_interval = "200ms"
                """.formatted(port, www, port)).start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> v.state("web").equals("WARMING"));
            assertTrue(v.service("web").get("reason").asText().contains("no go.txt yet"), v.service("web").toString());
            assertTrue(v.service("web").get("readiness").asText().contains("rule gate.js"));
            Files.writeString(www.resolve("go.txt"), "yes\n");
            await().atMost(Duration.ofSeconds(20)).until(() -> v.state("web").equals("READY"));
            assertEquals("go: yes", v.service("web").get("status_text").asText());
        }
    }

    @Test
    void eventHook_reactsToACrash_hostileHooksHurtNothing_andVigilJsAnswers() throws Exception {
        try (Vigil v = new Vigil(dir)
                .file("hooks/rescue.js", """
                        var filter = {service: 'crasher', to: 'CRASHED'};
                        function on(event) {
                          vigil.log('saw ' + event.service + ' go ' + event.from + ' -> ' + event.to + ' (seq ' + event.seq + ')');
                          vigil.start('rescue');
                        }
                        """)
                .file("hooks/hostile-loop.js", "function on(event) { while (true) {} }")
                .file("hooks/hostile-java.js", "function on(event) { Java.type('java.lang.System').exit(9); }")
                .file("hooks/broken.js", "function on(event) { (")
                .service("crasher", """
                        command = ["sh", "-c", "sleep 0.3; exit 3"]
                        [backoff]
                        initial = "30s"
                        """)
                .service("rescue", """
                        command = ["sleep", "100000"]
                        autostart = false
                        """)
                .start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> v.state("rescue").equals("READY"));
            assertEquals("CRASHED", v.state("crasher"));
            String log = v.daemonOutput();
            assertTrue(log.contains("hooks/rescue.js: saw crasher go STARTING -> CRASHED") || log.contains("hooks/rescue.js: saw crasher go READY -> CRASHED"), log);
            await().atMost(Duration.ofSeconds(10)).until(() -> v.daemonOutput().contains("event hook hooks/broken.js:1: SyntaxError"));
            await().atMost(Duration.ofSeconds(10)).until(() -> v.daemonOutput().contains("event hook hooks/hostile-java.js:1: ReferenceError: Java is not defined"));
            assertEquals(200, v.client.send("GET", "/livez", null).status());

            Vigil.Run names = v.cli("js", "services().map(s => s.name)");
            assertEquals(0, names.exit(), names.err());
            assertEquals("[\"crasher\",\"rescue\"]", names.out().strip());
            Vigil.Run crashed = v.cli("js", "services().filter(s => s.state == \"CRASHED\").map(s => s.name)");
            assertEquals("[\"crasher\"]", crashed.out().strip());
            Vigil.Run error = v.cli("js", "nope + 1");
            assertEquals(2, error.exit());
            assertEquals("vigil: expr:1: ReferenceError: nope is not defined", error.err().strip());
            Vigil.Run loop = v.cli("js", "while (true) {}");
            assertEquals(2, loop.exit());
            assertTrue(loop.err().contains("expr:1:"), loop.err());

            Vigil.Run status = v.cli("status");
            assertEquals(0, status.exit(), status.err());
        }
    }

    @Test
    void eventHook_submitsATask_onACrash_andARefusedSubmitIsALogLine() throws Exception {
        try (Vigil v = new Vigil(dir)
                .vigilToml("""
                        [tasks.report]
                        command = ["sh", "-c", "echo \\"report on $1\\"", "report", "{service}"]
                        timeout = "30s"
                        """)
                .file("hooks/report.js", """
                        var filter = {to: 'CRASHED'};
                        function on(event) {
                          vigil.submit('report:' + event.service + ':' + event.seq, 'report', {service: event.service});
                          vigil.submit('bad:' + event.seq, 'no-such-template', {});
                        }
                        """)
                .service("crasher", """
                        command = ["sh", "-c", "sleep 0.3; exit 3"]
                        [backoff]
                        initial = "30s"
                        """)
                .start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> v.state("crasher").equals("CRASHED"));
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                var tasks = Vigil.JSON.readTree(v.client.send("GET", "/v1/tasks", null).body());
                for (var t : tasks) {
                    if (t.get("id").asText().startsWith("report:crasher:") && t.get("state").asText().equals("COMPLETED")) return true;
                }
                return false;
            });
            var tasks = Vigil.JSON.readTree(v.client.send("GET", "/v1/tasks", null).body());
            var report = tasks.get(0);
            assertEquals("report on crasher", report.get("output").get(0).asText(), report.toString());
            assertEquals(1, report.get("run").asInt());
            await().atMost(Duration.ofSeconds(10)).until(() -> v.daemonOutput().contains("no-such-template"));
            assertEquals(200, v.client.send("GET", "/livez", null).status());
        }
    }

    @Test
    void configWithoutJs_neverLoadsGraalJs() throws Exception {
        Path classes = dir.resolve("classes.txt");
        try (Vigil v = new Vigil(dir).service("plain", "command = [\"sleep\", \"100000\"]\n")
                .javaOpts("-Xlog:class+load=info:file=" + classes).start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> v.state("plain").equals("READY"));
            String loaded = Files.readString(classes);
            assertTrue(loaded.contains("dev.vigil.shell.Daemon"), "the log names loaded classes");
            assertFalse(loaded.contains("org.graalvm."), "GraalJS was loaded");
            assertFalse(loaded.contains("dev.vigil.dsl.js."), "dsl/js was loaded");
            Vigil.Run js = v.cli("js", "1 + 1");
            assertEquals("2", js.out().strip(), js.err());
        }
    }
}
