package dev.vigil.dsl.toml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpellingTest {

    private static final List<String> KEYS = ServiceMapper.SERVICE_KEYS;

    @ParameterizedTest
    @CsvSource({
        "comand, command",
        "commnad, command",
        "Command, command",
        "autostrat, autostart",
        "restarts, restart",
        "stop-timeout, stop_timeout",
        "stoptimeout, stop_timeout",
        "readyTimeout, ready_timeout",
        "evn, env",
        "socket, sockets",
        "cmd, command",
        "args, command",
        "environment, env",
        "workdir, cwd",
        "probe, probes",
        "depends, depends_on",
        "requires, depends_on",
        "healthcheck, probes",
        "readyness, readiness",
    })
    void nearest_findsTheKeyMeant(String typed, String meant) {
        assertEquals(Optional.of(meant), Spelling.nearest(typed, KEYS));
    }

    @ParameterizedTest
    @CsvSource({"colour", "timeout", "foo", "x", "user", "ready", "health"})
    void nearest_nothingClose_findsNothing(String typed) {
        assertEquals(Optional.empty(), Spelling.nearest(typed, KEYS));
    }

    @Test
    void nearest_synonymNotAmongCandidates_isNotSuggested() {
        assertEquals(Optional.empty(), Spelling.nearest("cmd", List.of("initial", "factor")));
    }

    @Test
    void nearest_onATie_theEarlierCandidateWins() {
        assertEquals(Optional.of("max"), Spelling.nearest("mac", List.of("max", "mad")));
    }

    @ParameterizedTest
    @CsvSource({
        "'', '', 0",
        "abc, abc, 0",
        "abc, '', 3",
        "comand, command, 1",
        "autostrat, autostart, 1",
        "ab, ba, 1",
        "kitten, sitting, 3",
        "ca, abc, 3",
    })
    void distance_countsInsertDeleteSubstituteAndSwap(String a, String b, int distance) {
        assertEquals(distance, Spelling.distance(a, b));
        assertEquals(distance, Spelling.distance(b, a));
    }
}
