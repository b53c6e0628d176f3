package dev.vigil.engine.probe;

import static org.junit.jupiter.api.Assertions.*;

import dev.vigil.engine.probe.CheckResult.Fail;
import dev.vigil.engine.probe.CheckResult.Pass;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProbeCounterTest {

    private static final CheckResult P = new Pass("ok");
    private static final CheckResult F = new Fail("connection refused");

    /** The verdicts reported, one per result: "+" passing, "-" failing, "." no flip. */
    private static String run(ProbeCounter c, CheckResult... results) {
        List<String> out = new ArrayList<>();
        for (CheckResult r : results) out.add(c.record(r).map(v -> v ? "+" : "-").orElse("."));
        return String.join("", out);
    }

    @Test
    void success2Failure3_flipsOnlyAtTheThresholds() {
        ProbeCounter c = new ProbeCounter(2, 3);
        assertEquals(".+..-.+.", run(c, P, P, F, F, F, P, P, P));
    }

    @Test
    void firstVerdict_isAFlipFromUnknown_inEitherDirection() {
        assertEquals("+", run(new ProbeCounter(1, 3), P));
        assertEquals("..-", run(new ProbeCounter(1, 3), F, F, F));
    }

    @Test
    void interruptedRuns_resetTheCount() {
        ProbeCounter c = new ProbeCounter(2, 3);
        assertEquals(".+", run(c, P, P));
        assertEquals(".....", run(c, F, F, P, F, F));
        assertEquals("-", run(c, F));
        assertEquals(".", run(c, P));
        assertEquals(".", run(c, F));
        assertEquals(".+", run(c, P, P));
    }

    @Test
    void repeatedPassesAfterTheFlip_reportNothing_andCountOn() {
        ProbeCounter c = new ProbeCounter(1, 1);
        assertEquals("+..", run(c, P, P, P));
        assertEquals(3, c.consecutive());
        assertEquals(Optional.of(true), c.verdict());
    }

    @Test
    void lastResult_isTheLatest() {
        ProbeCounter c = new ProbeCounter(1, 3);
        assertEquals(Optional.empty(), c.lastResult());
        c.record(P);
        c.record(F);
        assertEquals(Optional.of(F), c.lastResult());
        assertEquals(1, c.consecutive());
    }
}
