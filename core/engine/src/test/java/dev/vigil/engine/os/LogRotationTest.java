package dev.vigil.engine.os;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogRotationTest {

    @TempDir
    Path dir;

    @Test
    void overTheLimit_copiesTruncatesAndKeepsN() throws Exception {
        Path log = dir.resolve("a.log");
        LogRotation r = new LogRotation(dir, 10, 2);
        for (String gen : new String[] {"first-generation\n", "second-generation\n", "third-generation\n"}) {
            Files.writeString(log, gen);
            r.rotateDue();
        }
        assertEquals(0, Files.size(log));
        assertEquals("third-generation\n", Files.readString(dir.resolve("a.log.1")));
        assertEquals("second-generation\n", Files.readString(dir.resolve("a.log.2")));
        assertFalse(Files.exists(dir.resolve("a.log.3")));
    }

    @Test
    void underTheLimit_isLeftAlone() throws Exception {
        Path log = dir.resolve("b.log");
        Files.writeString(log, "short\n");
        new LogRotation(dir, 100, 2).rotateDue();
        assertEquals("short\n", Files.readString(log));
        assertFalse(Files.exists(dir.resolve("b.log.1")));
    }
}
