package dev.vigil.engine.task;

import static org.junit.jupiter.api.Assertions.*;

import dev.vigil.engine.model.ExitStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskFilesTest {

    @TempDir
    Path dir;

    @Test
    void name_keepsSafeIds_andTellsApartIdsThatDifferOnlyInUnsafeCharacters() {
        assertEquals("migrate-v3", TaskFiles.name("migrate-v3"));
        assertTrue(TaskFiles.name("load:qwen").startsWith("load_qwen-"));
        assertNotEquals(TaskFiles.name("load:qwen"), TaskFiles.name("load@qwen"));
        assertNotEquals(TaskFiles.name("load_qwen"), TaskFiles.name("load:qwen"));
        assertTrue(TaskFiles.name("x".repeat(199) + ":").length() < 120);
    }

    @Test
    void tail_isTheLast50Lines() throws Exception {
        TaskFiles files = new TaskFiles(dir);
        Files.write(files.log("t"), IntStream.rangeClosed(1, 80).mapToObj(i -> "line " + i).toList());
        List<String> tail = files.tail("t");
        assertEquals(50, tail.size());
        assertEquals("line 31", tail.getFirst());
        assertEquals("line 80", tail.getLast());
        assertEquals(List.of(), files.tail("none"));
    }

    @Test
    void recordedExit_readsTheWrappersFile_128PlusNAsSignalN() throws Exception {
        TaskFiles files = new TaskFiles(dir);
        assertTrue(files.recordedExit("t").isEmpty());
        Files.writeString(files.exit("t"), "3\n");
        assertEquals(new ExitStatus(3, 0), files.recordedExit("t").orElseThrow());
        Files.writeString(files.exit("t"), "137\n");
        assertEquals(new ExitStatus(137, 9), files.recordedExit("t").orElseThrow());
    }

    @Test
    void wrapper_recordsTheCommandsExitStatus_andExitsWithIt() throws Exception {
        TaskFiles files = new TaskFiles(dir);
        Process p = new ProcessBuilder(files.wrapped("w", List.of("sh", "-c", "echo out; exit 7"))).redirectErrorStream(true).start();
        assertEquals("out\n", new String(p.getInputStream().readAllBytes()));
        assertEquals(7, p.waitFor());
        assertEquals("7\n", Files.readString(files.exit("w")));
        assertFalse(Files.exists(Path.of(files.exit("w") + ".tmp")));
    }

    @Test
    void paramsJson_roundTrips() {
        Map<String, String> p = Map.of("model", "qwen3 \"8b\"", "path", "C:\\x\n\ty", "empty", "", "ü", "\u0001");
        assertEquals(p, ParamsJson.read(ParamsJson.write(p)));
        assertEquals("{\"a\":\"1\",\"b\":\"2\"}", ParamsJson.write(Map.of("b", "2", "a", "1")));
        assertEquals(Map.of(), ParamsJson.read("{}"));
    }
}
