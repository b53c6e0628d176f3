package dev.vigil.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.api.json.Json;
import dev.vigil.api.json.Views;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link FastStatus} reads what the daemon writes exactly as {@link Api} (Jackson) does, or leaves it to {@link Main}. */
class FastStatusTest {

    private static final ObjectMapper JSON = Json.mapper();

    private static final List<Views.Service> SERVICES = List.of(
            new Views.Service("web", "READY", 26479L, List.of(new Views.Child("main", "READY", 26479L)), "2026-11-23T04:04:35.565909078Z", 0,
                    null, "running; no readiness source", null, "none", null, List.of()),
            new Views.Service("flaky", "CRASHED", null, List.of(new Views.Child("main", "CRASHED", null), new Views.Child("side", "OFFLINE", null)),
                    "2026-11-23T04:14:39.435675475Z", 3, new Views.Exit(137, 9, "KILL", "killed by signal KILL"), "exited with status 3",
                    "2026-11-23T04:14:43.769311716Z", "notify", "héllo \"wörld\" ✓ \\ / \t\n\u0001 😀", List.of("db", "cache")),
            new Views.Service("migrate", "COMPLETED", null, null, null, 0, new Views.Exit(0, null, null, "exit 0"), null, null, null, null, null));

    @Test
    void readsTheDaemonsDocumentsAsJacksonDoes() throws Exception {
        String array = JSON.writeValueAsString(SERVICES);
        assertEquals(SERVICES, FastStatus.services(new FastStatus.Reader(array).document()));
        assertEquals(Arrays.asList(JSON.readValue(array, Views.Service[].class)), FastStatus.services(new FastStatus.Reader(array).document()));
        for (Views.Service s : SERVICES) {
            String one = JSON.writeValueAsString(s);
            assertEquals(s, FastStatus.service(new FastStatus.Reader(one).document()));
        }
        String pretty = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(SERVICES);
        assertEquals(SERVICES, FastStatus.services(new FastStatus.Reader(pretty).document()));
        assertEquals(List.of(), FastStatus.services(new FastStatus.Reader("[]").document()));
    }

    @Test
    void unknownFieldsAreIgnoredAsJacksonDoes() {
        String doc = "{\"name\":\"a\",\"state\":\"READY\",\"pid\":1,\"new_field\":{\"x\":[1,true,false,null,\"s\"]},\"restarts\":2}";
        Views.Service s = FastStatus.service(new FastStatus.Reader(doc).document());
        assertEquals("a", s.name());
        assertEquals(1L, s.pid());
        assertEquals(2, s.restarts());
    }

    @Test
    void whatItDoesNotExpectGoesToMain() {
        for (String doc : List.of("{", "[{\"name\":1}]", "{\"pid\":1.5}", "{\"pid\":1e3}", "{\"pid\":\"7\"}", "{\"restarts\":01}",
                "{\"children\":{}}", "{\"last_exit\":[]}", "{\"name\":\"a\\x\"}", "{\"name\":\"a", "{\"pid\":99999999999999999999}")) {
            assertThrows(FastStatus.Delegate.class, () -> FastStatus.services(new FastStatus.Reader("[" + doc + "]").document()), doc);
        }
        assertThrows(FastStatus.Delegate.class, () -> new FastStatus.Reader("").document());
        assertThrows(FastStatus.Delegate.class, () -> new FastStatus.Reader(" \n").document());
        assertThrows(FastStatus.Delegate.class, () -> FastStatus.services(new FastStatus.Reader("{}").document()));
        assertThrows(FastStatus.Delegate.class, () -> FastStatus.service(new FastStatus.Reader("[]").document()));
    }

    @Test
    void errorMessagesAsApiCheckHasThem() {
        assertEquals("no service named \"x\"", FastStatus.errorMessage("{\"error\":{\"code\":\"not_found\",\"message\":\"no service named \\\"x\\\"\"}}"));
        assertEquals("not json", FastStatus.errorMessage("not json"));
        assertEquals("", FastStatus.errorMessage(""));
        assertEquals("{\"other\":1}", FastStatus.errorMessage("{\"other\":1}"));
        assertThrows(FastStatus.Delegate.class, () -> FastStatus.errorMessage("{\"error\":{\"message\":5}}"));
    }

    @Test
    void commandLinesItTakes() {
        FastStatus.Args a = FastStatus.Args.parse(new String[] {"status"});
        assertNull(a.name);
        assertNull(a.socket);
        assertEquals(false, a.json);
        a = FastStatus.Args.parse(new String[] {"status", "web", "--socket", "/s"});
        assertEquals("web", a.name);
        assertEquals(Path.of("/s"), a.socket);
        for (String[] json : List.of(new String[] {"-o", "json"}, new String[] {"-ojson"}, new String[] {"-o=json"}, new String[] {"--output", "json"},
                new String[] {"--output=json"})) {
            String[] args = new String[json.length + 2];
            args[0] = "status";
            System.arraycopy(json, 0, args, 1, json.length);
            args[args.length - 1] = "--socket=/t";
            FastStatus.Args p = FastStatus.Args.parse(args);
            assertTrue(p.json, Arrays.toString(args));
            assertEquals(Path.of("/t"), p.socket);
        }
        assertEquals("web", FastStatus.Args.parse(new String[] {"status", "--socket", "/s", "--", "web"}).name);
        assertEquals(false, FastStatus.Args.parse(new String[] {"status", "-o", "table"}).json);
    }

    @Test
    void commandLinesItLeavesToPicocli() {
        for (String line : List.of("start web", "status -h", "status --help", "status -V", "status --version", "status a b", "status -o JSON",
                "status -o", "status --socket", "status --socket /a --socket /b", "status -o json -o table", "status @args", "status --bogus",
                "status -- a b", "status -x", "status --socket -o", "status \u0000")) {
            String[] args = line.equals("status \u0000") ? new String[] {"status", ""} : line.split(" ");
            assertThrows(FastStatus.Delegate.class, () -> FastStatus.Args.parse(args), line);
        }
    }
}
