package dev.vigil.engine.supervise;

import static dev.vigil.engine.model.ServiceState.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.vigil.engine.event.EventBus;
import dev.vigil.engine.model.ChildSpec;
import dev.vigil.engine.model.ReadinessSpec;
import dev.vigil.engine.model.RestartPolicy;
import dev.vigil.engine.model.ServiceSpec;
import dev.vigil.engine.model.ServiceState;
import dev.vigil.engine.model.ServiceStatus;
import dev.vigil.engine.readiness.Ports;
import dev.vigil.engine.readiness.RulePort;
import dev.vigil.engine.spi.ProbeResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A readiness rule as a readiness source, through a fake rule port: the engine never sees JS. */
class RuleReadinessTest {

    private final FakeScheduler clock = new FakeScheduler();
    private final FakeProcesses procs = new FakeProcesses();
    private final FakeRules rules = new FakeRules();
    @TempDir
    Path runtime;

    /** A rule port whose answers the test gives, one asked check at a time. */
    static final class FakeRules implements RulePort {
        final List<CompletableFuture<ProbeResult>> asked = new ArrayList<>();
        final List<ProbeResult> probes = new ArrayList<>();
        final List<String> children = new ArrayList<>();
        String refuse;
        int opened;
        int closed;

        @Override
        public Rule open(ServiceSpec spec) {
            if (refuse != null) throw new IllegalArgumentException(refuse);
            opened++;
            return new Rule() {
                @Override
                public CompletableFuture<ProbeResult> check(String child, ProbeResult probe) {
                    children.add(child);
                    probes.add(probe);
                    CompletableFuture<ProbeResult> f = new CompletableFuture<>();
                    asked.add(f);
                    return f;
                }

                @Override
                public void close() {
                    closed++;
                }
            };
        }

        void answer(ProbeResult r) {
            asked.getLast().complete(r);
        }
    }

    private Supervisor supervisor() {
        Ports ports = new Ports(runtime, clock, null, null, null, null, rules);
        return new Supervisor(new SupervisorSettings(runtime, "t"), procs, clock, Runnable::run, new EventBus(), new Random(1), ports);
    }

    private static ServiceSpec withRule(Duration interval) {
        var readiness = new ReadinessSpec(false, false, false, Duration.ZERO, Path.of("/cfg/hooks/ready.js"), interval);
        return new ServiceSpec("llm", List.of(new ChildSpec(ChildSpec.MAIN, List.of("sleep", "1000"), Path.of("/"), Map.of())),
                RestartPolicy.ON_FAILURE, false, true, Duration.ofSeconds(10), Duration.ofSeconds(60), List.of(),
                SupervisorTest.NO_JITTER, readiness, List.of(), List.of(), Path.of("llm.toml"));
    }

    private static ServiceState state(Supervisor sup) {
        return sup.status("llm").orElseThrow().state();
    }

    @Test
    void rule_decidesReadiness_warmingThenReady_askedOnItsInterval() {
        Supervisor sup = supervisor();
        sup.load(List.of(withRule(Duration.ofSeconds(2))));
        assertEquals(STARTING, state(sup));
        assertEquals(1, rules.asked.size());
        assertEquals("main", rules.children.getFirst());
        assertNull(rules.probes.getFirst(), "no provider, no probe: ctx.probe is null");
        assertTrue(sup.status("llm").orElseThrow().readiness().contains("rule ready.js"));

        rules.answer(new ProbeResult.Warming("loading", null));
        assertEquals(WARMING, state(sup));
        clock.advance(Duration.ofMillis(1999));
        assertEquals(1, rules.asked.size(), "the next check waits an interval after the answer");
        clock.advance(Duration.ofMillis(1));
        assertEquals(2, rules.asked.size());
        rules.answer(new ProbeResult.Ready(List.of(), "model listed"));
        assertEquals(READY, state(sup));
        assertEquals("model listed", sup.status("llm").orElseThrow().statusText());
    }

    @Test
    void checkInFlight_isNeverAskedTwice() {
        Supervisor sup = supervisor();
        sup.load(List.of(withRule(Duration.ofSeconds(1))));
        clock.advance(Duration.ofSeconds(30));
        assertEquals(1, rules.asked.size());
        assertEquals(STARTING, state(sup));
    }

    @Test
    void brokenRule_isNotReady_withTheHookErrorAsReason() {
        Supervisor sup = supervisor();
        sup.load(List.of(withRule(Duration.ofSeconds(1))));
        rules.answer(new ProbeResult.Failed("hook error: hooks/ready.js:3: ReferenceError: x is not defined", false));
        ServiceStatus s = sup.status("llm").orElseThrow();
        assertEquals(STARTING, s.state());
        assertTrue(String.valueOf(s.reason()).contains("hook error: hooks/ready.js:3"), s.reason());
        clock.advance(Duration.ofSeconds(1));
        rules.answer(new ProbeResult.Idle("no model", List.of()));
        assertEquals(IDLE, state(sup));
    }

    @Test
    void ruleThatCannotOpen_staysStarting_withTheReason() {
        rules.refuse = "hooks/ready.js: no such file";
        Supervisor sup = supervisor();
        sup.load(List.of(withRule(Duration.ofSeconds(1))));
        assertEquals(STARTING, state(sup));
        assertEquals(0, rules.opened);
        clock.advance(Duration.ofSeconds(59));
        assertEquals(STARTING, state(sup), "never READY without its rule");
    }

    @Test
    void stop_endsTheRound_andALateAnswerChangesNothing() {
        Supervisor sup = supervisor();
        sup.load(List.of(withRule(Duration.ofSeconds(1))));
        sup.stop("llm", "test");
        assertEquals(OFFLINE, state(sup));
        rules.answer(new ProbeResult.Ready(List.of(), "late"));
        assertEquals(OFFLINE, state(sup));
        assertEquals(1, rules.opened);
    }
}
