package dev.vigil.engine.os;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.vigil.engine.event.EventBus;
import dev.vigil.engine.model.BackoffPolicy;
import dev.vigil.engine.model.ChildSpec;
import dev.vigil.engine.model.ExitStatus;
import dev.vigil.engine.model.RestartPolicy;
import dev.vigil.engine.model.ServiceSpec;
import dev.vigil.engine.model.ServiceState;
import dev.vigil.engine.model.ServiceStatus;
import dev.vigil.engine.supervise.Processes.SpawnException;
import dev.vigil.engine.supervise.Processes.SpawnRequest;
import dev.vigil.engine.supervise.Processes.Spawned;
import dev.vigil.engine.supervise.Supervisor;
import dev.vigil.engine.supervise.SupervisorSettings;
import dev.vigil.engine.clock.SystemScheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes, real signals, real pidfds. */
class SystemProcessesTest {

    @TempDir
    Path dir;

    private final SystemProcesses procs = new SystemProcesses();
    private final SystemScheduler scheduler = new SystemScheduler();

    @AfterEach
    void close() {
        procs.close();
        scheduler.close();
    }

    private SpawnRequest request(String instance, String... argv) {
        return new SpawnRequest("svc", "main", List.of(argv), dir, Map.of("GREETING", "hi"), dir.resolve("logs/svc.log"), instance);
    }

    @Test
    void spawn_leadsItsOwnSessionKeepsItsPidAndAppendsOutputToTheLog() throws Exception {
        Spawned p = procs.spawn(request("x/svc/main/1", "sh", "-c", "echo $GREETING $VIGIL_INSTANCE; ps -o pid=,pgid=,sid= -p $$; echo err >&2"));
        ExitStatus exit = p.onExit().get();
        assertTrue(exit.isSuccess());
        List<String> lines = Files.readAllLines(dir.resolve("logs/svc.log"));
        assertEquals("hi x/svc/main/1", lines.get(0));
        String[] ids = lines.get(1).trim().split("\\s+");
        assertEquals(List.of(String.valueOf(p.pid()), String.valueOf(p.pid()), String.valueOf(p.pid())), List.of(ids));
        assertEquals("err", lines.get(2));
    }

    @Test
    void missingProgram_isASpawnErrorNamingIt() {
        SpawnException e = assertThrows(SpawnException.class, () -> procs.spawn(request("x/svc/main/1", "no-such-program-xyz")));
        assertEquals("no-such-program-xyz: command not found on PATH", e.getMessage());
        SpawnException e2 = assertThrows(SpawnException.class, () -> procs.spawn(request("x/svc/main/1", "./missing.sh")));
        assertTrue(e2.getMessage().endsWith("missing.sh: no such file"), e2.getMessage());
    }

    @Test
    void deathBySignal_isReportedAsTheSignal() throws Exception {
        Spawned p = procs.spawn(request("x/svc/main/1", "sleep", "1000"));
        assertEquals(0, Libc.kill(p.pid(), 9));
        ExitStatus exit = p.onExit().get();
        assertEquals(9, exit.signal());
        assertEquals("signal KILL", exit.toString());
    }

    @Test
    void pidfd_pushesTheDeathOfAProcessWeDidNotSpawn() throws Exception {
        Process other = new ProcessBuilder("sleep", "1000").start();
        var gone = procs.whenGone(other.pid());
        assertFalse(gone.isDone());
        other.destroyForcibly();
        gone.get();
        assertTrue(procs.whenGone(other.pid()).isDone(), "an already gone process completes at once");
    }

    @Test
    void stop_ofATreeWithADoubleForkedDaemon_leavesNothing() throws Exception {
        String token = "test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        // The grandchild double-forks into a new session of its own and ignores SIGTERM: only the
        // instance id in its environment ties it to the service.
        String script = "setsid sh -c 'trap \"\" TERM; exec sleep 100000' & echo started; trap '' TERM; exec sleep 100000";
        ServiceSpec spec = new ServiceSpec("tree", List.of(new ChildSpec(ChildSpec.MAIN, List.of("sh", "-c", script), dir, Map.of())),
                RestartPolicy.ON_FAILURE, false, true, Duration.ofMillis(500), Duration.ofSeconds(60), List.of(), BackoffPolicy.DEFAULT,
                dir.resolve("tree.toml"));
        try (var exec = Executors.newVirtualThreadPerTaskExecutor()) {
            Supervisor sup = new Supervisor(new SupervisorSettings(dir, token), procs, scheduler, exec, new EventBus(), new Random(), null);
            sup.load(List.of(spec));
            String prefix = token + "/tree/";
            await().atMost(Duration.ofSeconds(10)).until(() -> ProcessTable.withInstancePrefix(prefix).size() >= 2);
            ServiceStatus stopped = sup.stop("tree", "test").get();
            assertEquals(ServiceState.OFFLINE, stopped.state());
            assertEquals(Set.of(), ProcessTable.withInstancePrefix(prefix), "no process of the service is left");
            // Orphans are reaped by the sweep that follows each exit, off the hot path: soon, not at once.
            await().atMost(Duration.ofSeconds(10)).until(() -> ProcessTable.zombieChildrenOf(ProcessHandle.current().pid()).isEmpty());
        }
    }
}
