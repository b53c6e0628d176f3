package dev.vigil.engine.probe;

import dev.vigil.engine.model.ProbeSpec;

import dev.vigil.engine.model.ProbeTarget;

import dev.vigil.engine.model.ProbeRole;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProbeSpecTest {

    private static final ProbeTarget TCP = new ProbeTarget.Tcp("127.0.0.1", 80);

    @Test
    void withDefaults_isOneSecondOneSecondOneAndThree() {
        ProbeSpec s = ProbeSpec.withDefaults(ProbeRole.LIVENESS, TCP);
        assertEquals(new ProbeSpec(ProbeRole.LIVENESS, TCP, Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 3), s);
    }

    @Test
    void nonPositiveDurationsAndThresholds_areRefused() {
        Duration s = Duration.ofSeconds(1);
        assertEquals("interval must be positive, was PT0S",
                assertThrows(IllegalArgumentException.class, () -> new ProbeSpec(ProbeRole.READINESS, TCP, Duration.ZERO, s, 1, 1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ProbeSpec(ProbeRole.READINESS, TCP, s, Duration.ofMillis(-1), 1, 1));
        assertEquals("success_threshold must be at least 1, was 0",
                assertThrows(IllegalArgumentException.class, () -> new ProbeSpec(ProbeRole.READINESS, TCP, s, s, 0, 1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ProbeSpec(ProbeRole.READINESS, TCP, s, s, 1, 0));
        assertThrows(NullPointerException.class, () -> new ProbeSpec(null, TCP, s, s, 1, 1));
    }

    @Test
    void role_printsAsWrittenInToml() {
        assertEquals("liveness", ProbeRole.LIVENESS.toString());
    }
}
