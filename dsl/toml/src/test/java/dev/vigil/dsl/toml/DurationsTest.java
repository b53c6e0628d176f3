package dev.vigil.dsl.toml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    static Stream<Arguments> written() {
        return Stream.of(
                Arguments.of("500ms", Duration.ofMillis(500)),
                Arguments.of("10s", Duration.ofSeconds(10)),
                Arguments.of("5m", Duration.ofMinutes(5)),
                Arguments.of("1h", Duration.ofHours(1)),
                Arguments.of("1d", Duration.ofDays(1)),
                Arguments.of("1h30m", Duration.ofMinutes(90)),
                Arguments.of("1d2h3m4s5ms", Duration.parse("P1DT2H3M4.005S")),
                Arguments.of("1.5s", Duration.ofMillis(1500)),
                Arguments.of("0.25h", Duration.ofMinutes(15)),
                Arguments.of("0s", Duration.ZERO),
                Arguments.of("0", Duration.ZERO),
                Arguments.of("0ms", Duration.ZERO),
                Arguments.of("90s", Duration.ofSeconds(90)),
                Arguments.of("30m1h", Duration.ofMinutes(90)),
                Arguments.of("1.0000000009s", Duration.ofSeconds(1)),
                Arguments.of("-5s", Duration.ofSeconds(-5)),
                Arguments.of("-1m30s", Duration.ofSeconds(-90)));
    }

    @ParameterizedTest
    @MethodSource("written")
    void parse_readsUnitsAndFractions(String text, Duration expected) {
        assertEquals(expected, Durations.parse(text));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"10x", "10", "s", "", "-", "1h 30m", "10S", "1.s", ".5s", "+5s", "5 s", "1h-30m", "ten s", "5msx"
            })
    void parse_rejectsWhatIsNotADuration_sayingHowToWriteOne(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
        assertEquals("bad duration " + TomlText.quote(text) + " (use e.g. 500ms, 10s, 5m, 1h)", e.getMessage());
    }

    @Test
    void parse_badDuration_quotesItAsWritten() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse("10x"));
        assertEquals("bad duration \"10x\" (use e.g. 500ms, 10s, 5m, 1h)", e.getMessage());
    }

    @Test
    void parse_longerThanNanosecondsCanCount_isTooLong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse("200000d"));
        assertEquals("duration \"200000d\" is too long (at most 292 years)", e.getMessage());
        assertEquals(Duration.ofDays(100_000), Durations.parse("100000d"));
    }
}
