package dev.vigil.engine.supervise;

import static dev.vigil.engine.model.ServiceState.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.vigil.engine.event.Event;
import dev.vigil.engine.event.EventBus;
import dev.vigil.engine.event.Subscription;
import dev.vigil.engine.model.BackoffPolicy;
import dev.vigil.engine.model.ChildSpec;
import dev.vigil.engine.model.Dependency;
import dev.vigil.engine.model.ExitStatus;
import dev.vigil.engine.model.RestartPolicy;
import dev.vigil.engine.model.ServiceSpec;
import dev.vigil.engine.model.ServiceState;
import dev.vigil.engine.model.ServiceStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SupervisorTest {

    private final FakeScheduler clock = new FakeScheduler();
    private final FakeProcesses procs = new FakeProcesses();
    private final EventBus bus = new EventBus();
    private final Supervisor sup = new Supervisor(new SupervisorSettings(Path.of("/tmp/vigil-test"), "t"), procs, clock,
            Runnable::run, bus, new Random(1), null);
    private final List<Event> events = new ArrayList<>();

    SupervisorTest() {
        bus.listen(events::add);
    }

    static final BackoffPolicy NO_JITTER =
            new BackoffPolicy(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30), 0, Duration.ofMinutes(10), 3, Duration.ofMinutes(10));

    static ServiceSpec spec(String name, RestartPolicy restart, boolean oneshot, Duration readyTimeout, String... children) {
        List<ChildSpec> cs = new ArrayList<>();
        if (children.length == 0) cs.add(new ChildSpec(ChildSpec.MAIN, List.of("sleep", "1000"), Path.of("/"), Map.of()));
        for (String c : children) cs.add(new ChildSpec(c, List.of("sleep", "1000"), Path.of("/"), Map.of()));
        return new ServiceSpec(name, cs, restart, oneshot, true, Duration.ofSeconds(10), readyTimeout, List.of(), NO_JITTER, Path.of("x.toml"));
    }

    static ServiceSpec simple(String name) {
        return spec(name, RestartPolicy.ON_FAILURE, false, Duration.ofSeconds(60));
    }

    private ServiceState state(String name) {
        return sup.status(name).orElseThrow().state();
    }

    private List<ServiceState> transitionsOf(String name) {
        return events.stream().filter(e -> e.service().equals(name)).map(Event::to).toList();
    }

    @Test
    void autostart_withoutReadinessSource_isReadyAtSpawnAndSaysSo() {
        sup.load(List.of(simple("web")));
        ServiceStatus s = sup.status("web").orElseThrow();
        assertEquals(READY, s.state());
        assertEquals("none", s.readiness());
        assertEquals(procs.onlyPid(), s.pid());
        assertEquals(List.of(STARTING, READY), transitionsOf("web"));
        assertTrue(procs.spawns.getFirst().instance().startsWith("t/web/main/"));
    }

    @Test
    void crash_isCrashedThroughBackoff_thenReadyAgain() {
        sup.load(List.of(simple("web")));
        procs.exit(procs.onlyPid(), new ExitStatus(3, 0));
        ServiceStatus crashed = sup.status("web").orElseThrow();
        assertEquals(CRASHED, crashed.state());
        assertEquals("exited with status 3", crashed.reason());
        assertEquals(new ExitStatus(3, 0), crashed.lastExit());
        assertEquals(1, crashed.restarts());
        assertEquals(clock.instant().plusSeconds(1), crashed.nextStart());
        assertNull(crashed.pid());

        clock.advance(Duration.ofMillis(999));
        assertEquals(CRASHED, state("web"));
        clock.advance(Duration.ofMillis(1));
        assertEquals(READY, state("web"));
        assertNull(sup.status("web").orElseThrow().nextStart());
        assertEquals(List.of(STARTING, READY, CRASHED, STARTING, READY), transitionsOf("web"));
    }

    @Test
    void crashLoop_backsOffExponentially_thenFailsAfterMaxRestarts() {
        sup.load(List.of(simple("web")));
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            procs.exit(procs.onlyPid(), new ExitStatus(1, 0));
            ServiceStatus s = sup.status("web").orElseThrow();
            delays.add(Duration.between(clock.instant(), s.nextStart()));
            clock.advance(Duration.between(clock.instant(), s.nextStart()));
            assertEquals(READY, state("web"));
        }
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)), delays);
        procs.exit(procs.onlyPid(), new ExitStatus(1, 0));
        ServiceStatus failed = sup.status("web").orElseThrow();
        assertEquals(FAILED, failed.state());
        assertTrue(failed.reason().startsWith("crash loop: 3 restarts within 10m"), failed.reason());
        assertEquals(0, clock.pending());
    }

    @Test
    void start_onFailed_resetsTheLoop() {
        sup.load(List.of(spec("w", RestartPolicy.NEVER, false, Duration.ofSeconds(60))));
        procs.exit(procs.onlyPid(), new ExitStatus(1, 0));
        assertEquals(FAILED, state("w"));
        assertEquals("exited with status 1 (restart = never)", sup.status("w").orElseThrow().reason());
        CompletableFuture<ServiceStatus> f = sup.start("w", "test");
        assertEquals(READY, f.join().state());
    }

    @Test
    void resetAfter_healthyLongEnough_startsTheDelayFromInitialAgain() {
        sup.load(List.of(simple("web")));
        procs.exit(procs.onlyPid(), new ExitStatus(1, 0));
        clock.advance(Duration.ofSeconds(1));
        procs.exit(procs.onlyPid(), new ExitStatus(1, 0));
        assertEquals(Duration.ofSeconds(2), Duration.between(clock.instant(), sup.status("web").orElseThrow().nextStart()));
        clock.advance(Duration.ofSeconds(2));
        clock.advance(Duration.ofMinutes(10)); // healthy for reset_after
        procs.exit(procs.onlyPid(), new ExitStatus(1, 0));
        assertEquals(Duration.ofSeconds(1), Duration.between(clock.instant(), sup.status("web").orElseThrow().nextStart()));
    }

    @Test
    void stop_isNeverACrash() {
        sup.load(List.of(simple("web")));
        long pid = procs.onlyPid();
        ServiceStatus s = sup.stop("web", "test").join();
        assertEquals(OFFLINE, s.state());
        assertEquals(0, s.restarts());
        assertEquals(List.of("15:" + pid), procs.signals);
        assertEquals(List.of(STARTING, READY, STOPPING, OFFLINE), transitionsOf("web"));
        assertEquals(0, clock.pending());
    }

    @Test
    void stop_ofAServiceIgnoringSigterm_killsAtStopTimeout() {
        procs.termKills = false;
        sup.load(List.of(simple("web")));
        long pid = procs.onlyPid();
        CompletableFuture<ServiceStatus> f = sup.stop("web", "test");
        assertFalse(f.isDone());
        assertEquals(STOPPING, state("web"));
        clock.advance(Duration.ofSeconds(10));
        assertEquals(OFFLINE, f.join().state());
        assertEquals(List.of("15:" + pid, "9:" + pid), procs.signals);
        assertFalse(transitionsOf("web").contains(CRASHED));
    }

    @Test
    void stop_duringBackoff_cancelsTheRestart() {
        sup.load(List.of(simple("web")));
        procs.exit(procs.onlyPid(), new ExitStatus(1, 0));
        assertEquals(OFFLINE, sup.stop("web", "test").join().state());
        clock.advance(Duration.ofMinutes(1));
        assertEquals(OFFLINE, state("web"));
        assertEquals(1, procs.spawns.size());
    }

    @Test
    void restart_stopsThenStarts_withoutCountingACrash() {
        sup.load(List.of(simple("web")));
        long first = procs.onlyPid();
        ServiceStatus s = sup.restart("web", "test").join();
        assertEquals(READY, s.state());
        assertNotEquals(first, s.pid());
        assertEquals(0, s.restarts());
        assertEquals(List.of(STARTING, READY, STOPPING, OFFLINE, STARTING, READY), transitionsOf("web"));
    }

    @Test
    void stop_duringARestartsStop_dropsTheQueuedStart() {
        procs.termKills = false;
        sup.load(List.of(simple("web")));
        sup.restart("web", "test");
        CompletableFuture<ServiceStatus> stop = sup.stop("web", "test");
        clock.advance(Duration.ofSeconds(10));
        assertEquals(OFFLINE, stop.join().state());
        assertEquals(OFFLINE, state("web"));
        assertEquals(1, procs.spawns.size());
    }

    @Test
    void missingCommand_isCrashedWithExecFailed() {
        procs.unspawnable.add("sleep");
        sup.load(List.of(simple("web")));
        ServiceStatus s = sup.status("web").orElseThrow();
        assertEquals(CRASHED, s.state());
        assertEquals("exec failed: sleep: command not found on PATH", s.reason());
        assertEquals(1, s.restarts());
    }

    @Test
    void oneshot_exitZero_isCompleted() {
        sup.load(List.of(spec("job", RestartPolicy.ON_FAILURE, true, Duration.ZERO)));
        assertEquals(STARTING, state("job"));
        procs.exit(procs.onlyPid(), new ExitStatus(0, 0));
        assertEquals(COMPLETED, state("job"));
    }

    @Test
    void oneshot_pastReadyTimeout_isKilledAndCrashed() {
        sup.load(List.of(spec("job", RestartPolicy.NEVER, true, Duration.ofSeconds(2))));
        clock.advance(Duration.ofSeconds(2));
        ServiceStatus s = sup.status("job").orElseThrow();
        assertEquals(FAILED, s.state());
        assertTrue(transitionsOf("job").contains(CRASHED));
        assertTrue(s.reason().startsWith("ready_timeout 2s: oneshot still running"), s.reason());
    }

    @Test
    void cleanExit_underOnFailure_isOffline_underAlways_isRestarted() {
        sup.load(List.of(simple("a"), spec("b", RestartPolicy.ALWAYS, false, Duration.ofSeconds(60))));
        long a = procs.spawns.get(0).service().equals("a") ? 1000 : 1001;
        procs.exit(a, new ExitStatus(0, 0));
        procs.exit(a == 1000 ? 1001 : 1000, new ExitStatus(0, 0));
        assertEquals(OFFLINE, state("a"));
        assertEquals(CRASHED, state("b"));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(READY, state("b"));
    }

    @Test
    void multiChild_oneChildDies_crashesTheServiceNamingItAndKillsTheOther() {
        sup.load(List.of(spec("app", RestartPolicy.ON_FAILURE, false, Duration.ofSeconds(60), "api", "ui")));
        assertEquals(2, procs.alive.size());
        long ui = procs.alive.values().stream().filter(c -> c.child().equals("ui")).findFirst().orElseThrow().pid();
        procs.exit(ui, new ExitStatus(2, 0));
        ServiceStatus s = sup.status("app").orElseThrow();
        assertEquals(CRASHED, s.state());
        assertEquals("child ui exited with status 2", s.reason());
        assertTrue(procs.alive.isEmpty(), "the other child was killed");
        Event crash = events.stream().filter(e -> e.to() == CRASHED).findFirst().orElseThrow();
        assertEquals("ui", crash.child());
        assertEquals(ui, crash.pid());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(READY, state("app"));
        assertEquals(2, procs.alive.size());
    }

    @Test
    void subscriber_getsSnapshotThenDeltasInSequence() throws Exception {
        sup.load(List.of(simple("web")));
        Subscription sub = bus.subscribe(16);
        assertEquals(List.of(READY), sub.snapshot().stream().map(ServiceStatus::state).toList());
        procs.exit(procs.onlyPid(), new ExitStatus(1, 0));
        Event e = sub.next(Duration.ZERO);
        assertEquals(CRASHED, e.to());
        assertEquals(READY, e.from());
        assertEquals(sub.snapshotSeq() + 1, e.seq());
        assertEquals(new ExitStatus(1, 0), e.exit());
    }

    @Test
    void slowSubscriber_isCutOffWithAReason_neverBlocking() throws Exception {
        sup.load(List.of(simple("web")));
        Subscription sub = bus.subscribe(2);
        for (int i = 0; i < 3; i++) {
            procs.exit(procs.onlyPid(), new ExitStatus(1, 0));
            clock.advance(Duration.ofSeconds(10));
        }
        assertNotNull(sub.next(Duration.ZERO));
        assertNotNull(sub.next(Duration.ZERO));
        Subscription.CutOffException cut = assertThrows(Subscription.CutOffException.class, () -> sub.next(Duration.ZERO));
        assertTrue(cut.getMessage().startsWith("slow subscriber"), cut.getMessage());
        assertEquals(0, bus.subscriberCount());
    }

    static ServiceSpec withDeps(ServiceSpec s, boolean autostart, Dependency... deps) {
        return new ServiceSpec(s.name(), s.children(), s.restart(), s.oneshot(), autostart, s.stopTimeout(), s.readyTimeout(), s.sockets(),
                s.backoff(), s.readiness(), s.probes(), List.of(deps), s.source());
    }

    private long pidOf(String service) {
        return sup.status(service).orElseThrow().pid();
    }

    @Test
    void dependent_waitsForAOneshotToComplete_thenStarts() {
        ServiceSpec migrate = spec("migrate", RestartPolicy.NEVER, true, Duration.ZERO);
        ServiceSpec app = withDeps(simple("app"), true, new Dependency("migrate", Dependency.Condition.COMPLETED));
        sup.load(List.of(app, migrate));
        ServiceStatus waiting = sup.status("app").orElseThrow();
        assertEquals(OFFLINE, waiting.state());
        assertEquals(List.of("migrate (completed)"), waiting.waitingFor());
        assertEquals("waiting for migrate (completed)", waiting.reason());
        procs.exit(pidOf("migrate"), new ExitStatus(0, 0));
        assertEquals(COMPLETED, state("migrate"));
        assertEquals(READY, state("app"));
        assertEquals(List.of(), sup.status("app").orElseThrow().waitingFor());
    }

    @Test
    void dependencyThatFails_failsTheWaitingDependent() {
        ServiceSpec migrate = spec("migrate", RestartPolicy.NEVER, true, Duration.ZERO);
        ServiceSpec app = withDeps(simple("app"), true, new Dependency("migrate", Dependency.Condition.COMPLETED));
        sup.load(List.of(migrate, app));
        CompletableFuture<ServiceStatus> start = sup.start("app", "test");
        assertFalse(start.isDone(), "a start waits for the dependencies");
        procs.exit(pidOf("migrate"), new ExitStatus(2, 0));
        ServiceStatus app2 = start.join();
        assertEquals(FAILED, app2.state());
        assertEquals("dependency migrate failed: exited with status 2 (restart = never)", app2.reason());
    }

    @Test
    void dependent_waitsThroughADependencysRestarts() {
        ServiceSpec db = spec("db", RestartPolicy.ON_FAILURE, true, Duration.ZERO);
        ServiceSpec app = withDeps(simple("app"), true, new Dependency("db", Dependency.Condition.COMPLETED));
        sup.load(List.of(db, app));
        procs.exit(pidOf("db"), new ExitStatus(1, 0));
        assertEquals(CRASHED, state("db"));
        assertEquals(OFFLINE, state("app"));
        clock.advance(Duration.ofSeconds(1));
        procs.exit(pidOf("db"), new ExitStatus(0, 0));
        assertEquals(READY, state("app"));
    }

    @Test
    void startingADependent_startsItsOfflineDependency() {
        ServiceSpec db = withDeps(simple("db"), false);
        ServiceSpec app = withDeps(simple("app"), false, new Dependency("db", Dependency.Condition.READY));
        sup.load(List.of(db, app));
        assertEquals(OFFLINE, state("db"));
        assertEquals(READY, sup.start("app", "test").join().state());
        assertEquals(READY, state("db"));
        assertEquals(List.of(STARTING, READY), transitionsOf("db"));
    }

    @Test
    void unknownService_isRefused() {
        assertThrows(Supervisor.UnknownServiceException.class, () -> sup.start("nope", "test"));
    }
}
