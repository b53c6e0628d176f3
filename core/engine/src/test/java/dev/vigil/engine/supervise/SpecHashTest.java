package dev.vigil.engine.supervise;

import static org.junit.jupiter.api.Assertions.*;

import dev.vigil.engine.model.ChildSpec;
import dev.vigil.engine.model.RestartPolicy;
import dev.vigil.engine.model.ServiceSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecHashTest {

    private static ServiceSpec spec(Map<String, String> env, List<String> command, Path source) {
        return new ServiceSpec("web", List.of(new ChildSpec(ChildSpec.MAIN, command, Path.of("/"), env)), RestartPolicy.ON_FAILURE, false,
                true, Duration.ofSeconds(10), Duration.ofSeconds(60), List.of(), SupervisorTest.NO_JITTER, source);
    }

    @Test
    void sameDeclaration_sameHash_whateverTheMapOrderOrTheFileItCameFrom() {
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("A", "1");
        ab.put("B", "2");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("B", "2");
        ba.put("A", "1");
        String h = SpecHash.of(spec(ab, List.of("sleep", "1"), Path.of("a.toml")));
        assertEquals(h, SpecHash.of(spec(ba, List.of("sleep", "1"), Path.of("elsewhere/b.toml"))));
        assertEquals(16, h.length());
    }

    @Test
    void anyChangeThatMatters_changesTheHash() {
        String h = SpecHash.of(spec(Map.of("A", "1"), List.of("sleep", "1"), Path.of("a.toml")));
        assertNotEquals(h, SpecHash.of(spec(Map.of("A", "2"), List.of("sleep", "1"), Path.of("a.toml"))));
        assertNotEquals(h, SpecHash.of(spec(Map.of("A", "1"), List.of("sleep", "2"), Path.of("a.toml"))));
        assertNotEquals(h, SpecHash.of(spec(Map.of("A", "1", "B", "1"), List.of("sleep", "1"), Path.of("a.toml"))));
    }
}
