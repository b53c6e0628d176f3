package dev.vigil.engine.probe;

import static org.junit.jupiter.api.Assertions.*;

import dev.vigil.engine.probe.CheckResult.Fail;
import dev.vigil.engine.probe.CheckResult.Pass;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonPointerMatchTest {

    private static CheckResult match(String body, String pointer, String wanted) {
        return JsonPointerMatch.match(body, pointer, wanted);
    }

    @Test
    void topLevelString_matchesRawText() {
        assertEquals(new Pass("/status is \"ok\""), match("{\"status\":\"ok\"}", "/status", "ok"));
        assertEquals(new Fail("/status is \"loading\", wanted \"ok\""), match("{\"status\": \"loading\"}", "/status", "ok"));
    }

    @Test
    void nestedPointerAndArrayIndex_walkTheTree() {
        String body = """
                { "models": [ {"id": "a", "state": {"value": "loading"}},
                              {"id": "b", "state": {"value": "loaded"}} ] }
                """;
        assertTrue(match(body, "/models/1/state/value", "loaded").passed());
        assertEquals(new Fail("/models/0/state/value is \"loading\", wanted \"loaded\""), match(body, "/models/0/state/value", "loaded"));
        assertEquals(new Fail("/models/2/id is missing"), match(body, "/models/2/id", "c"));
        assertEquals(new Fail("/models/01/id is missing"), match(body, "/models/01/id", "b"));
        assertEquals(new Fail("/models/-/id is missing"), match(body, "/models/-/id", "b"));
    }

    @Test
    void escapedPointerTokens_andEscapedKeys() {
        assertTrue(match("{\"a/b\": {\"m~n\": 1}}", "/a~1b/m~0n", "1").passed());
        assertTrue(match("{\"k\\u00e9y\\n\": \"v\\\"\\\\\\/\"}", "/k\u00e9y\n", "v\"\\/").passed());
        assertTrue(match("{\"\": 5}", "/", "5").passed());
    }

    @Test
    void stringVersusNumber_stringsRawNumbersByValue() {
        assertTrue(match("{\"n\": 1.0}", "/n", "1").passed(), "a number compares numerically");
        assertTrue(match("{\"n\": 1e2}", "/n", "100").passed());
        assertFalse(match("{\"n\": \"1.0\"}", "/n", "1").passed(), "a string compares raw");
        assertTrue(match("{\"n\": \"1.0\"}", "/n", "1.0").passed());
        assertEquals(new Fail("/n is 3, wanted \"5\""), match("{\"n\": 3}", "/n", "5"));
        assertFalse(match("{\"s\": \"ok\"}", "/s", "\"ok\"").passed(), "the wanted text is not JSON for a string");
    }

    @Test
    void booleansAndNull_compareByJsonText() {
        assertTrue(match("{\"ready\": true}", "/ready", "true").passed());
        assertEquals(new Fail("/ready is false, wanted \"true\""), match("{\"ready\": false}", "/ready", "true"));
        assertTrue(match("{\"err\": null}", "/err", "null").passed());
        assertFalse(match("{\"err\": null}", "/err", "").passed());
    }

    @Test
    void objectsAndArrays_neverEqual_butExist() {
        assertEquals(new Fail("/a is an object, wanted \"{}\""), match("{\"a\": {}}", "/a", "{}"));
        assertEquals(new Fail("/a is an array, wanted \"[]\""), match("{\"a\": []}", "/a", "[]"));
        assertEquals(new Pass("/a is an object"), match("{\"a\": {}}", "/a", null));
        assertEquals(new Fail("/b is missing"), match("{\"a\": {}}", "/b", null));
    }

    @Test
    void pointerThroughAScalar_isMissing() {
        assertEquals(new Fail("/a/b is missing"), match("{\"a\": \"x\"}", "/a/b", "y"));
    }

    @Test
    void emptyPointer_isTheWholeDocument() {
        assertTrue(match(" 42 ", "", "42").passed());
        assertEquals(new Pass("the body is \"up\""), match("\"up\"", "", "up"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "{", "{\"a\":1,}", "[1,]", "{\"a\" 1}", "{a:1}", "[01]", "[1.]", "[-]", "[1e]", "[.5]", "\"abc", "\"a\\x\"",
        "\"\\u12g4\"", "\"tab\there\"", "tru", "nul", "[1] [2]", "{\"a\":1}}", "'single'", "NaN", "[+1]", "<html>"
    })
    void malformedBodies_failWithAReason(String body) {
        CheckResult r = match(body, "/a", "1");
        assertInstanceOf(Fail.class, r);
        assertTrue(r.text().startsWith("body is not JSON: "), r.text());
    }

    @Test
    void malformedReason_namesTheOffset() {
        assertEquals(new Fail("body is not JSON: unexpected '}' at offset 7 where a member name was expected"), match("{\"a\":1,}", "/a", "1"));
        assertEquals(new Fail("body is not JSON: unexpected '<' at offset 0"), match("<html>", "/a", "1"));
        assertEquals(new Fail("body is not JSON: ends early at offset 6"), match("{\"a\":1", "/a", "1"));
    }

    @Test
    void nestingDeeperThan64_isRefusedWithoutOverflowingTheStack() {
        String ok = "[".repeat(64) + "]".repeat(64);
        assertTrue(match(ok, "", null).passed());
        String deep = "[".repeat(65) + "]".repeat(65);
        assertEquals(new Fail("body is not JSON: nested deeper than 64 at offset 64"), match(deep, "", null));
        String hostile = "[".repeat(1_000_000);
        assertTrue(match(hostile, "", null).text().startsWith("body is not JSON: nested deeper than 64"));
    }

    @Test
    void parsePointer_unescapesAndRefusesBadOnes() {
        assertEquals(List.of(), JsonPointerMatch.parsePointer(""));
        assertEquals(List.of("a/b", "m~n", ""), JsonPointerMatch.parsePointer("/a~1b/m~0n/"));
        assertThrows(IllegalArgumentException.class, () -> JsonPointerMatch.parsePointer("status"));
        assertThrows(IllegalArgumentException.class, () -> JsonPointerMatch.parsePointer("/a~"));
    }

    @Test
    void longValues_areClippedInMessages() {
        String longValue = "x".repeat(500);
        String reason = match("{\"a\":\"" + longValue + "\"}", "/a", "y").text();
        assertTrue(reason.length() < 150, reason);
    }
}
