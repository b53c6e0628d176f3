package dev.vigil.plugins.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void readsTheLlamaServerErrorEnvelope() throws Exception {
        Map<String, Object> error = Map.of("message", "Loading model", "type", "unavailable_error", "code", 503L);
        assertEquals(Map.of("error", error), Json.parse(FakeLlamaServer.LOADING_BODY));
    }

    @Test
    void values() throws Exception {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("a", Arrays.asList(1L, -2.5, 1.0e3, true, false, null));
        expected.put("s", "q\"\\/\b\f\n\r\té€");
        expected.put("big", 1.0e19);
        expected.put("o", Map.of());
        assertEquals(expected, Json.parse(
                " {\"a\":[1,-2.5,1e3,true,false,null],\"s\":\"q\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\u20ac\",\"big\":10000000000000000000,\"o\":{}} "));
        assertEquals(List.of(), Json.parse("[]"));
        assertEquals("x", Json.parse("\"x\""));
    }

    @Test
    void typedLookups_areNullForAbsentOrOtherTypes() throws Exception {
        Map<String, Object> o = Json.object(Json.parse("{\"s\":1,\"n\":\"x\",\"b\":\"true\"}"));
        assertNull(Json.string(o, "s"));
        assertNull(Json.integer(o, "n"));
        assertEquals(false, Json.isTrue(o, "b"));
        assertNull(Json.object(o, "missing"));
        assertNull(Json.array(null, "x"));
        assertNull(Json.parseOrNull("<html>Loading model</html>"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "{", "[1,]", "{\"a\":1,}", "{\"a\":1 \"b\":2}", "01", "-", "1.", "1e", ".5", "+1", "tru", "nul",
        "\"unterminated", "\"raw\ttab\"", "\"bad \\x escape\"", "\"\\u12\"", "{\"a\":1}{}", "[1] x",
        "{\"a\":1,\"a\":2}", "{a:1}", "'x'", "// c\n1", "NaN",
    })
    void rejects(String text) {
        assertThrows(Json.Malformed.class, () -> Json.parse(text), text);
    }

    @Test
    void rejectsNestingBeyondTheLimit() throws Exception {
        Json.parse("[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH));
        String deep = "[".repeat(Json.MAX_DEPTH + 2) + "]".repeat(Json.MAX_DEPTH + 2);
        assertThrows(Json.Malformed.class, () -> Json.parse(deep));
    }
}
