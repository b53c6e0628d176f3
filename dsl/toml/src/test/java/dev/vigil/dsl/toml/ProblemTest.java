package dev.vigil.dsl.toml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemTest {

    @Test
    void toString_isFileLineColumnMessage() {
        assertEquals("a/b.toml:3:7: oops", new Problem(Path.of("a/b.toml"), 3, 7, "oops").toString());
    }

    @Test
    void toString_forAWholeFolder_hasNoLine() {
        assertEquals(
                "conf: config folder does not exist",
                new Problem(Path.of("conf"), 0, 0, "config folder does not exist").toString());
    }

    @Test
    void order_isFileThenLineThenColumn() {
        Problem a1 = new Problem(Path.of("a.toml"), 1, 9, "z");
        Problem a2 = new Problem(Path.of("a.toml"), 2, 1, "a");
        Problem a2b = new Problem(Path.of("a.toml"), 2, 3, "a");
        Problem b1 = new Problem(Path.of("b.toml"), 1, 1, "a");
        assertEquals(
                List.of(a1, a2, a2b, b1),
                List.of(b1, a2b, a1, a2).stream().sorted(Problem.ORDER).toList());
    }

    @Test
    void configException_messageIsOneProblemPerLine() {
        ConfigException e = new ConfigException(
                List.of(new Problem(Path.of("a.toml"), 1, 1, "one"), new Problem(Path.of("b.toml"), 2, 3, "two")));
        assertEquals("a.toml:1:1: one\nb.toml:2:3: two", e.getMessage());
        assertEquals(2, e.problems().size());
    }

    @Test
    void configException_withoutProblems_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ConfigException(List.of()));
    }
}
