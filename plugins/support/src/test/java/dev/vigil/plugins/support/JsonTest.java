package dev.vigil.plugins.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void readsTheDocumentedAnswers() throws Exception {
        assertEquals(Map.of("status", "ok", "model_loaded", true, "default_voice", "af_bella"),
                Json.parse("{\"status\":\"ok\",\"model_loaded\":true,\"default_voice\":\"af_bella\"}"));
        assertEquals(Map.of("voices", List.of(Map.of("id", "af_heart", "name", "af_heart"))),
                Json.parse(" {\"voices\" : [ {\"id\":\"af_heart\",\"name\":\"af_heart\"} ] }\n"));
        assertEquals(Arrays.asList(null, false, new BigDecimal("-1.5e3"), new BigDecimal("0"), List.of(), Map.of()),
                Json.parse("[null,false,-1.5e3,0,[],{}]"));
    }

    @Test
    void decodesEscapes() throws Exception {
        assertEquals("a\"b\\c/d\b\f\n\r\té\uD83D\uDE00", Json.parse("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "OK", "{\"a\":1,}", "[1,]", "[01]", "{\"a\" 1}", "{a:1}", "\"x\ty\"", "\"\\x\"", "\"\\u12\"",
            "{\"a\":1} x", "{\"a\":1,\"a\":2}", "tru", "1.", "-", "[1 2]", "{\"status\": ok", "'a'", "[", "\"abc"})
    void refusesWhatIsNotStrictJson(String text) {
        assertThrows(Json.Malformed.class, () -> Json.parse(text));
    }

    @Test
    void refusesDeepNesting() throws Exception {
        Json.parse("[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH));
        assertThrows(Json.Malformed.class, () -> Json.parse("[".repeat(Json.MAX_DEPTH + 2) + "]".repeat(Json.MAX_DEPTH + 2)));
    }
}
