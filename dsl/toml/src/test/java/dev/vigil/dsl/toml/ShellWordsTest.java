package dev.vigil.dsl.toml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ShellWordsTest {

    static Stream<Arguments> lines() {
        return Stream.of(
                Arguments.of("sleep 100", List.of("sleep", "100")),
                Arguments.of("  python3   -m\thttp.server\n8080  ", List.of("python3", "-m", "http.server", "8080")),
                Arguments.of("sh -c 'echo hi; exit 3'", List.of("sh", "-c", "echo hi; exit 3")),
                Arguments.of("echo 'a \"b\" \\c'", List.of("echo", "a \"b\" \\c")),
                Arguments.of("echo \"a 'b' \\\"c\\\" \\\\ \\$x \\n\"", List.of("echo", "a 'b' \"c\" \\ $x \\n")),
                Arguments.of("echo a\\ b \\'c\\' \\\\", List.of("echo", "a b", "'c'", "\\")),
                Arguments.of("x=''\"\"'' ''", List.of("x=", "")),
                Arguments.of("pre'mid dle'\"post fix\"", List.of("premid dlepost fix")),
                Arguments.of("a \\\nb", List.of("a", "b")),
                Arguments.of("\"a\\\nb\"", List.of("ab")),
                Arguments.of("echo $HOME ~ *.txt", List.of("echo", "$HOME", "~", "*.txt")),
                Arguments.of("echo '|' \"&&\" \\; '>' x#y", List.of("echo", "|", "&&", ";", ">", "x#y")),
                Arguments.of("", List.of()),
                Arguments.of("   ", List.of()));
    }

    @ParameterizedTest
    @MethodSource("lines")
    void split_splitsWordsLikeAPosixShell(String line, List<String> words) {
        assertEquals(words, ShellWords.split(line));
    }

    @Test
    void split_unclosedSingleQuote_saysWhere() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ShellWords.split("python -c 'print(1)"));
        assertEquals("unbalanced quotes: the ' at character 11 is never closed", e.getMessage());
    }

    @Test
    void split_unclosedDoubleQuote_saysWhere() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ShellWords.split("a \"b\\\""));
        assertEquals("unbalanced quotes: the \" at character 3 is never closed", e.getMessage());
    }

    @Test
    void split_loneTrailingBackslash_isAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ShellWords.split("a b\\"));
        assertEquals("ends with a lone backslash", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a | b", "a && b", "a; b", "a > log", "a < in", "$(date)", "`date`", "a &"})
    void split_unquotedShellSyntax_isAnErrorNotAnArgument(String line) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ShellWords.split(line));
        assertEquals(
                true,
                e.getMessage()
                        .endsWith(" is shell syntax, which vigil does not run: quote it, or use [\"sh\", \"-c\","
                                + " \"...\"]"),
                e.getMessage());
    }

    @Test
    void split_pipe_namesTheCharacter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ShellWords.split("a | b"));
        assertEquals(
                "\"|\" is shell syntax, which vigil does not run: quote it, or use [\"sh\", \"-c\", \"...\"]",
                e.getMessage());
    }
}
