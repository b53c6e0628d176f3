package dev.vigil.dsl.toml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SizesTest {

    static Stream<Arguments> written() {
        return Stream.of(
                Arguments.of("4096", 4096L),
                Arguments.of("10B", 10L),
                Arguments.of("512KB", 512L * 1024),
                Arguments.of("512K", 512L * 1024),
                Arguments.of("512KiB", 512L * 1024),
                Arguments.of("10MB", 10L * 1024 * 1024),
                Arguments.of("10mb", 10L * 1024 * 1024),
                Arguments.of("10 MB", 10L * 1024 * 1024),
                Arguments.of("1GiB", 1L << 30),
                Arguments.of("1G", 1L << 30),
                Arguments.of("2TB", 2L << 40),
                Arguments.of("1.5GB", 3L << 29),
                Arguments.of("0", 0L),
                Arguments.of("-1MB", -(1L << 20)));
    }

    @ParameterizedTest
    @MethodSource("written")
    void parse_countsIn1024s(String text, long bytes) {
        assertEquals(bytes, Sizes.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10XB", "", "MB", "10 M B", "ten", "1e6", "10MiBs", "10  MB"})
    void parse_rejectsWhatIsNotASize_sayingHowToWriteOne(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sizes.parse(text));
        assertEquals(
                "bad size " + TomlText.quote(text) + " (use e.g. 512KB, 10MB, 1GiB, or a number of bytes)",
                e.getMessage());
    }

    @Test
    void parse_beyondALong_isTooLarge() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sizes.parse("9000000TB"));
        assertEquals("size \"9000000TB\" is too large", e.getMessage());
    }
}
