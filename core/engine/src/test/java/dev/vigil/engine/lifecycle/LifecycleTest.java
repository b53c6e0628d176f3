package dev.vigil.engine.lifecycle;

import static dev.vigil.engine.model.ServiceState.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.vigil.engine.lifecycle.Effect.*;
import dev.vigil.engine.lifecycle.Input.*;
import dev.vigil.engine.model.ExitStatus;
import dev.vigil.engine.model.ServiceState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LifecycleTest {

    /** One sample of every input kind (and of every outcome of an exit). */
    static List<Input> inputs() {
        ExitStatus fail = new ExitStatus(1, 0);
        ExitStatus ok = new ExitStatus(0, 0);
        return List.of(
                new Start("test"), new Stop("test"), new Restart("test"),
                new SpawnFailed("main", "no such file"),
                new Exited("main", 1, fail, 0, Outcome.CRASH), new Exited("main", 1, fail, 1, Outcome.CRASH),
                new Exited("main", 1, ok, 0, Outcome.CLEAN), new Exited("main", 1, ok, 1, Outcome.CLEAN),
                new Exited("main", 1, ok, 0, Outcome.COMPLETED), new Exited("main", 1, ok, 1, Outcome.PARTIAL),
                new Reaped(7, 0), new Reaped(7, 1),
                new Readiness(STARTING, null), new Readiness(WARMING, null), new Readiness(READY, null),
                new Readiness(SERVING, null), new Readiness(IDLE, null), new Readiness(UNHEALTHY, null),
                new LivenessFailed("3 failures"), new ReadyTimeout("ready_timeout 1s"), new StopTimeout(),
                new BackoffElapsed(), new Assessed(new Verdict.Restart(Instant.EPOCH)), new Assessed(new Verdict.GiveUp("loop")));
    }

    static Stream<Arguments> everyPair() {
        List<Arguments> pairs = new ArrayList<>();
        for (ServiceState s : ServiceState.values()) {
            for (Input in : inputs()) pairs.add(Arguments.of(s, in));
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("everyPair")
    void everyStateAndInput_yieldsALegalEdgeAndNeverCrashesOnARequestedStop(ServiceState state, Input input) {
        Decision d = Lifecycle.decide(state, input);
        assertNotNull(d);
        if (d.changesState()) {
            assertTrue(Lifecycle.isLegal(state, d.to()), state + " -> " + d.to() + " is not an edge");
            assertNotNull(d.cause(), "a transition has a cause");
        }
        if (input instanceof Stop || state == STOPPING) {
            assertNotEquals(CRASHED, d.to(), "a requested stop never shows as a crash");
            assertFalse(d.effects().stream().anyMatch(e -> e instanceof AssessCrash), "a requested stop is never counted");
        }
        if (d.to() == CRASHED) {
            assertTrue(d.effects().stream().anyMatch(e -> e instanceof AssessCrash), "every crash goes through the bookkeeping");
        }
        boolean spawns = d.effects().stream().anyMatch(e -> e instanceof Spawn);
        if (spawns) assertEquals(STARTING, d.to(), "spawn only when entering STARTING");
        if (d.to() == STARTING && !state.isRunning()) assertTrue(spawns, "entering STARTING from rest spawns");
    }

    @Test
    void start_fromOffline_spawns() {
        Decision d = Lifecycle.decide(OFFLINE, new Start("cli"));
        assertEquals(STARTING, d.to());
        assertTrue(d.effects().contains(new Spawn()));
    }

    @Test
    void start_whileRunning_doesNothing() {
        for (ServiceState s : List.of(STARTING, WARMING, READY, SERVING, IDLE, UNHEALTHY)) {
            assertFalse(Lifecycle.decide(s, new Start("cli")).changesState(), s.name());
        }
    }

    @Test
    void start_onFailed_resetsTheCrashLoop() {
        Decision d = Lifecycle.decide(FAILED, new Start("cli"));
        assertEquals(STARTING, d.to());
        assertTrue(d.effects().contains(new ResetCrashLoop()));
    }

    @Test
    void crashExit_whileReady_isCrashedAndAssessed() {
        Decision d = Lifecycle.decide(READY, new Exited("main", 9, new ExitStatus(137, 9), 0, Outcome.CRASH));
        assertEquals(CRASHED, d.to());
        assertEquals("killed by signal KILL", d.cause());
        assertEquals(List.of(new CancelTimers(), new AssessCrash("killed by signal KILL")), d.effects());
    }

    @Test
    void childExit_ofMultiChildService_namesTheChildAndKillsTheRest() {
        Decision d = Lifecycle.decide(READY, new Exited("ui", 9, new ExitStatus(3, 0), 1, Outcome.CRASH));
        assertEquals(CRASHED, d.to());
        assertEquals("child ui exited with status 3", d.cause());
        assertTrue(d.effects().contains(new KillAll()));
    }

    @Test
    void exitWhileStopping_waitsForTheLastProcess() {
        assertFalse(Lifecycle.decide(STOPPING, new Exited("main", 1, new ExitStatus(143, 15), 1, Outcome.CRASH)).changesState());
        assertEquals(OFFLINE, Lifecycle.decide(STOPPING, new Exited("main", 1, new ExitStatus(143, 15), 0, Outcome.CRASH)).to());
        assertEquals(OFFLINE, Lifecycle.decide(STOPPING, new Reaped(5, 0)).to());
    }

    @Test
    void stopTimeout_killsEverything() {
        assertEquals(List.of(new KillAll()), Lifecycle.decide(STOPPING, new StopTimeout()).effects());
    }

    @Test
    void verdict_restartArmsTimer_giveUpFails() {
        Instant at = Instant.parse("2026-01-01T00:00:01Z");
        Decision r = Lifecycle.decide(CRASHED, new Assessed(new Verdict.Restart(at)));
        assertFalse(r.changesState());
        assertEquals(List.of(new ArmRestart(at)), r.effects());
        assertEquals(FAILED, Lifecycle.decide(CRASHED, new Assessed(new Verdict.GiveUp("loop"))).to());
    }

    @Test
    void restart_whileRunning_stopsThenQueuesAStart() {
        Decision d = Lifecycle.decide(READY, new Restart("cli"));
        assertEquals(STOPPING, d.to());
        assertTrue(d.effects().contains(new QueueStart()));
        assertTrue(d.effects().contains(new Terminate()));
    }

    @Test
    void withdrawnReadiness_afterReady_isUnhealthy() {
        assertEquals(UNHEALTHY, Lifecycle.decide(READY, new Readiness(STARTING, null)).to());
        assertFalse(Lifecycle.decide(STARTING, new Readiness(UNHEALTHY, null)).changesState());
    }

    @Test
    void spawnFailure_isACrashNamingExec() {
        Decision d = Lifecycle.decide(STARTING, new SpawnFailed("main", "exec failed: nope: command not found on PATH"));
        assertEquals(CRASHED, d.to());
        assertEquals("exec failed: nope: command not found on PATH", d.cause());
    }

    @Test
    void readyTimeout_onlyWhileStartingOrWarming() {
        assertEquals(CRASHED, Lifecycle.decide(STARTING, new ReadyTimeout("ready_timeout 1s: x")).to());
        assertEquals(CRASHED, Lifecycle.decide(WARMING, new ReadyTimeout("ready_timeout 1s: x")).to());
        assertFalse(Lifecycle.decide(READY, new ReadyTimeout("ready_timeout 1s: x")).changesState());
    }

    @Test
    void force_ignoresTheTable() {
        assertEquals(READY, Lifecycle.force("svc", OFFLINE, READY, "adopted").to());
        assertFalse(Lifecycle.isLegal(OFFLINE, READY));
    }
}
