package dev.vigil.engine.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.engine.model.TaskRecord;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DifferenceTest {

    private final TaskRecord old = TaskRecord.running("t", "copy", Map.of("from", "a", "to", "b"), 1, Instant.EPOCH, Instant.EPOCH, null);

    private static TreeMap<String, String> params(String... kv) {
        TreeMap<String, String> m = new TreeMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void sameTemplateAndParams_isNoDifference() {
        assertEquals(Optional.empty(), Difference.between(old, "copy", params("to", "b", "from", "a")));
    }

    @Test
    void everyDifferingParam_isNamed_inOrder() {
        assertEquals(Optional.of("task \"t\" exists with other params: extra is new (\"1\"); from is \"z\", not \"a\"; to is missing (was \"b\")"),
                Difference.between(old, "copy", params("from", "z", "extra", "1")));
    }

    @Test
    void anotherTemplate_isNamedFirst() {
        assertEquals(Optional.of("task \"t\" exists with template \"copy\", not \"move\""), Difference.between(old, "move", params("from", "z")));
    }
}
