package dev.vigil.engine.supervise;

import static dev.vigil.engine.model.ServiceState.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.vigil.engine.event.Event;
import dev.vigil.engine.event.EventBus;
import dev.vigil.engine.model.ChildSpec;
import dev.vigil.engine.model.ExitStatus;
import dev.vigil.engine.model.RestartPolicy;
import dev.vigil.engine.model.ServiceSpec;
import dev.vigil.engine.model.ServiceStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A vigil dies (kill -9: it writes nothing more) and the next one takes over from the ledger. */
class BootReattachTest {

    private final FakeProcesses procs = new FakeProcesses();
    private MemoryLedger ledger = new MemoryLedger();
    private FakeScheduler clock = new FakeScheduler();
    private Supervisor sup = vigil();
    private final List<Event> events = new ArrayList<>();

    private Supervisor vigil() {
        EventBus bus = new EventBus();
        bus.listen(e -> {
            if (events != null) events.add(e);
        });
        // Units run inline while this vigil lives; once it is killed, nothing of it runs any more.
        java.util.concurrent.atomic.AtomicBoolean alive = new java.util.concurrent.atomic.AtomicBoolean(true);
        running = alive;
        return new Supervisor(new SupervisorSettings(Path.of("/tmp/vigil-test"), "t"), procs, clock, r -> {
            if (alive.get()) r.run();
        }, bus, new Random(1), null, ledger);
    }

    /** kill -9 of vigil: from now on it hears and writes nothing. */
    private void killVigil() {
        running.set(false);
        if (!dead) ledger = ledger.nextVigil();
        dead = true;
    }

    private boolean dead;
    private java.util.concurrent.atomic.AtomicBoolean running;

    /** kill -9 of vigil (if not done yet), then a new one on the same ledger, {@code down} later; returns once boot adoption is done. */
    private void restartVigil(Duration down, List<ServiceSpec> specs) {
        killVigil();
        dead = false;
        clock = new FakeScheduler(clock.instant().plus(down));
        events.clear();
        sup = vigil();
        assertTrue(sup.load(specs).isDone(), "boot adoption done when load returns (synchronous units)");
    }

    private ServiceStatus status(String name) {
        return sup.status(name).orElseThrow();
    }

    @Test
    void liveChild_isAdoptedWithTheSamePid_neverRestarted() {
        ServiceSpec web = SupervisorTest.simple("web");
        sup.load(List.of(web));
        long pid = procs.onlyPid();
        assertEquals(pid, ledger.children("web").get(ChildSpec.MAIN).identity().pid());
        int spawns = procs.spawns.size();

        restartVigil(Duration.ofSeconds(5), List.of(web));
        ServiceStatus s = status("web");
        assertEquals(READY, s.state());
        assertEquals(pid, s.pid());
        assertEquals(spawns, procs.spawns.size(), "nothing spawned");
        assertFalse(s.specChanged());
        assertTrue(events.stream().anyMatch(e -> e.to() == STARTING && e.cause().startsWith("re-attached after vigil restarted (pid " + pid)),
                events.toString());

        // Watched from now on: its death is a crash of this vigil's service (exit status unknown).
        procs.exit(pid, ExitStatus.unknown());
        assertEquals(CRASHED, status("web").state());
        assertEquals(-1, status("web").lastExit().code());
    }

    @Test
    void childGoneWhileDown_isCrashedWithUnknownExit_thenRestartedByPolicy() {
        ServiceSpec web = SupervisorTest.simple("web");
        sup.load(List.of(web));
        long pid = procs.onlyPid();
        killVigil();
        procs.exit(pid, new ExitStatus(1, 0)); // the dead vigil never hears of it

        restartVigil(Duration.ofSeconds(5), List.of(web));
        ServiceStatus s = status("web");
        assertEquals(CRASHED, s.state());
        assertEquals("exited while the supervisor was down (pid " + pid + ", exit status unknown)", s.reason());
        assertEquals(ExitStatus.unknown(), s.lastExit());
        assertEquals("exit status unknown", s.lastExit().toString());
        assertEquals(1, s.restarts());
        assertEquals(clock.instant().plusSeconds(1), s.nextStart());
        assertTrue(ledger.children("web").isEmpty(), "the dead child is forgotten");

        clock.advance(Duration.ofSeconds(1));
        assertEquals(READY, status("web").state());
        assertNotEquals(pid, status("web").pid());
    }

    @Test
    void reusedPid_isNotTakenForTheChild() {
        ServiceSpec web = SupervisorTest.simple("web");
        sup.load(List.of(web));
        long pid = procs.onlyPid();
        killVigil();
        procs.exit(pid, new ExitStatus(1, 0));
        procs.survivor(pid); // another process got the same pid, started later
        procs.startTicks.put(pid, pid * 10 + 77);

        restartVigil(Duration.ofSeconds(5), List.of(web));
        assertEquals(CRASHED, status("web").state());
        assertTrue(status("web").reason().startsWith("exited while the supervisor was down"));
        assertTrue(procs.signals.isEmpty(), "the stranger is never signalled: " + procs.signals);
    }

    @Test
    void restartCountersAndBackoff_survive() {
        ServiceSpec web = SupervisorTest.simple("web");
        sup.load(List.of(web));
        procs.exit(procs.onlyPid(), new ExitStatus(1, 0));
        clock.advance(Duration.ofSeconds(1));
        procs.exit(procs.onlyPid(), new ExitStatus(1, 0)); // second crash: backoff 2 s, CRASHED now
        ServiceStatus before = status("web");
        assertEquals(2, before.restarts());

        restartVigil(Duration.ofMillis(500), List.of(web));
        ServiceStatus s = status("web");
        assertEquals(CRASHED, s.state());
        assertEquals(2, s.restarts());
        assertEquals(before.nextStart(), s.nextStart(), "the same deadline, not a fresh delay");
        int spawns = procs.spawns.size();
        clock.advance(Duration.ofMillis(1499));
        assertEquals(CRASHED, status("web").state());
        clock.advance(Duration.ofMillis(1));
        assertEquals(READY, status("web").state());
        assertEquals(spawns + 1, procs.spawns.size());

        // The delay goes on growing from the saved count: the third crash waits 4 s.
        procs.exit(procs.onlyPid(), new ExitStatus(1, 0));
        assertEquals(Duration.ofSeconds(4), Duration.between(clock.instant(), status("web").nextStart()));
        assertEquals(3, status("web").restarts());
    }

    @Test
    void failed_staysFailed() {
        ServiceSpec w = SupervisorTest.spec("w", RestartPolicy.NEVER, false, Duration.ofSeconds(60));
        sup.load(List.of(w));
        procs.exit(procs.onlyPid(), new ExitStatus(1, 0));
        assertEquals(FAILED, status("w").state());
        int spawns = procs.spawns.size();

        restartVigil(Duration.ofSeconds(1), List.of(w));
        assertEquals(FAILED, status("w").state());
        assertTrue(status("w").reason().startsWith("exited with status 1 (restart = never)"), status("w").reason());
        assertEquals(spawns, procs.spawns.size());
    }

    @Test
    void changedSpec_withLiveChildren_isAdoptedAndMarked_notRestarted() {
        sup.load(List.of(SupervisorTest.simple("web")));
        long pid = procs.onlyPid();
        ServiceSpec changed = new ServiceSpec("web", List.of(new ChildSpec(ChildSpec.MAIN, List.of("sleep", "2000"), Path.of("/"), Map.of())),
                RestartPolicy.ON_FAILURE, false, true, Duration.ofSeconds(10), Duration.ofSeconds(60), List.of(), SupervisorTest.NO_JITTER,
                Path.of("x.toml"));
        int spawns = procs.spawns.size();

        restartVigil(Duration.ofSeconds(1), List.of(changed));
        ServiceStatus s = status("web");
        assertEquals(READY, s.state());
        assertEquals(pid, s.pid());
        assertTrue(s.specChanged());
        assertEquals(spawns, procs.spawns.size());
        assertTrue(events.stream().anyMatch(e -> e.cause().contains("declaration changed while vigil was down: restart it to apply")));

        sup.restart("web", "test").join();
        assertFalse(status("web").specChanged(), "a restart applies the new declaration");
        assertEquals(List.of("sleep", "2000"), procs.spawns.getLast().command());
    }

    @Test
    void multiChild_oneGone_killsTheSurvivors_thenRestarts() {
        ServiceSpec pair = SupervisorTest.spec("pair", RestartPolicy.ON_FAILURE, false, Duration.ofSeconds(60), "a", "b");
        sup.load(List.of(pair));
        long a = ledger.children("pair").get("a").identity().pid();
        long b = ledger.children("pair").get("b").identity().pid();
        killVigil();
        procs.exit(a, new ExitStatus(1, 0));

        restartVigil(Duration.ofSeconds(1), List.of(pair));
        assertTrue(procs.signals.contains(Processes.SIGKILL + ":" + b), procs.signals.toString());
        assertFalse(procs.alive.containsKey(b));
        ServiceStatus s = status("pair");
        assertEquals(CRASHED, s.state());
        assertEquals("child a exited while the supervisor was down (pid " + a + ", exit status unknown)", s.reason());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(READY, status("pair").state());
        assertEquals(2, procs.alive.size());
    }

    @Test
    void noRecord_startsNormally_andUndeclaredMemoriesAreDropped() {
        sup.load(List.of(SupervisorTest.simple("old")));
        restartVigil(Duration.ofSeconds(1), List.of(SupervisorTest.simple("web")));
        assertEquals(READY, status("web").state());
        assertEquals(List.of("web"), ledger.services());
    }

    @Test
    void stoppedService_withAutostart_startsAgain() {
        ServiceSpec web = SupervisorTest.simple("web");
        sup.load(List.of(web));
        sup.stop("web", "test").join();
        assertEquals(OFFLINE, ledger.record("web").state());
        int spawns = procs.spawns.size();
        restartVigil(Duration.ofSeconds(1), List.of(web));
        assertEquals(READY, status("web").state());
        assertEquals(spawns + 1, procs.spawns.size());
    }

    @Test
    void aDependentsStart_neverSpawnsADependencyThatIsBeingReattached() {
        ServiceSpec db = SupervisorTest.simple("db");
        ServiceSpec app = SupervisorTest.withDeps(SupervisorTest.simple("app"), true,
                new dev.vigil.engine.model.Dependency("db", dev.vigil.engine.model.Dependency.Condition.READY));
        sup.load(List.of(app, db));
        long dbPid = status("db").pid();
        sup.stop("app", "test").join(); // app starts afresh at boot; db is left running
        int spawns = procs.spawns.size();

        restartVigil(Duration.ofSeconds(1), List.of(app, db));
        assertEquals(dbPid, status("db").pid());
        assertEquals(READY, status("app").state());
        assertEquals(spawns + 1, procs.spawns.size(), "only app was spawned");
        assertEquals("app", procs.spawns.getLast().service());
    }

    @Test
    void unrecordedLeftover_ofAFreshService_isKilledBeforeTheStart_neverDuplicated() {
        ServiceSpec web = SupervisorTest.simple("web");
        sup.load(List.of(web));
        long pid = procs.onlyPid();
        killVigil();
        ledger.forgetChildrenForTest("web"); // the dead vigil's write of the spawn never reached the disk

        restartVigil(Duration.ofSeconds(1), List.of(web));
        assertTrue(procs.signals.contains(Processes.SIGKILL + ":" + pid), procs.signals.toString());
        assertFalse(procs.alive.containsKey(pid));
        assertEquals(READY, status("web").state());
        assertEquals(1, procs.alive.size(), "one web, not two");
    }

    @Test
    void stoppingWhenVigilDied_theStopGoesOn() {
        ServiceSpec web = SupervisorTest.simple("web");
        sup.load(List.of(web));
        long pid = procs.onlyPid();
        procs.termKills = false; // it takes its time to stop
        sup.stop("web", "test");
        assertEquals(STOPPING, status("web").state());
        killVigil();
        procs.signals.clear();

        restartVigil(Duration.ofSeconds(1), List.of(web));
        assertEquals(STOPPING, status("web").state());
        assertEquals("stop requested by the stop begun before vigil restarted", status("web").reason());
        assertTrue(procs.signals.contains(Processes.SIGTERM + ":" + pid), procs.signals.toString());
        clock.advance(Duration.ofSeconds(10)); // stop_timeout
        assertEquals(OFFLINE, status("web").state());
        assertFalse(procs.alive.containsKey(pid));
    }
}
