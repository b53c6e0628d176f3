package dev.vigil.engine.task;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.vigil.engine.clock.SystemScheduler;
import dev.vigil.engine.model.TaskRecord;
import dev.vigil.engine.model.TaskState;
import dev.vigil.engine.model.TaskTemplate;
import dev.vigil.engine.os.ProcessIdentity;
import dev.vigil.engine.os.ProcessTable;
import dev.vigil.engine.os.SystemProcesses;
import dev.vigil.engine.store.Database;
import dev.vigil.engine.supervise.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The task engine against real processes, a real store and the real clock. */
class TasksTest {

    private static final String PREFIX = "taskstest" + ProcessHandle.current().pid() + "/:task/";

    @TempDir
    Path dir;

    private final SystemProcesses procs = new SystemProcesses();
    private final SystemScheduler scheduler = new SystemScheduler();
    private Database db;
    private Tasks tasks;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("vigil.db"));
        tasks = newTasks();
    }

    private Tasks newTasks() {
        Tasks t = new Tasks(db, procs, scheduler, dir.resolve("tasks"), PREFIX, ProviderActions.NONE);
        t.declare(List.of(
                template("echo", Duration.ofSeconds(30), "sh", "-c", "echo hello {name}; exit {code}"),
                template("gate", Duration.ofSeconds(30), "sh", "-c", "read x < {fifo}; echo got $x; exit $x"),
                template("sleep", Duration.ofMillis(300), "sleep", "1000"),
                template("count", Duration.ofSeconds(30), "sh", "-c", "echo run >> {file}; test \"$VIGIL_TASK_RUN\" -ge 2 && exec sleep 1000; exit 1"),
                template("slowgate", Duration.ofSeconds(1), "sh", "-c", "read x < {fifo}; exit $x"),
                TaskTemplate.command("where", Optional.of("web"), Duration.ofSeconds(30), new TaskTemplate.Command(
                        List.of("sh", "-c", "pwd; echo \"$GREETING $VIGIL_TASK $VIGIL_TASK_RUN $VIGIL_SERVICE\""), dir.resolve("{sub}"),
                        Map.of("GREETING", "hello {who}")), dir.resolve("vigil.toml"))));
        return t;
    }

    private TaskTemplate template(String name, Duration timeout, String... argv) {
        return TaskTemplate.command(name, Optional.empty(), timeout, new TaskTemplate.Command(List.of(argv), dir, Map.of()), dir.resolve("vigil.toml"));
    }

    @AfterEach
    void close() {
        procs.signal(List.of(), PREFIX, Processes.SIGKILL);
        tasks.close();
        db.close();
        procs.close();
        scheduler.close();
    }

    private TaskRecord result(String id) throws Exception {
        return tasks.finished(id).orElseThrow().get(30, TimeUnit.SECONDS);
    }

    private Path fifo(String name) throws Exception {
        Path f = dir.resolve(name);
        assertEquals(0, new ProcessBuilder("mkfifo", f.toString()).start().waitFor());
        return f;
    }

    @Test
    void unknownId_runsAsRun1_andKeepsExitCodeOutputAndTimes() throws Exception {
        Submission s = tasks.submit("greet:1", "echo", Map.of("name", "world", "code", "0"));
        TaskRecord started = assertInstanceOf(Submission.Started.class, s).task();
        assertEquals(1, started.run());
        assertEquals(TaskState.RUNNING, started.state());
        assertNotNull(started.pid());
        TaskRecord done = result("greet:1");
        assertEquals(TaskState.COMPLETED, done.state());
        assertEquals(0, done.exitCode());
        assertEquals(List.of("hello world"), done.output());
        assertNotNull(done.finishedAt());
        assertFalse(done.finishedAt().isBefore(done.startedAt()));
        assertEquals(done, tasks.get("greet:1").orElseThrow());
    }

    @Test
    void cwdEnvAndService_reachTheRun_withItsIdAndRun() throws Exception {
        Files.createDirectories(dir.resolve("work"));
        tasks.submit("w:1", "where", Map.of("sub", "work", "who", "you"));
        assertEquals(List.of(dir.resolve("work").toRealPath().toString(), "hello you w:1 1 web"), result("w:1").output());
    }

    @Test
    void aReattachedRun_keepsItsDeadline_andTimesOutOnIt() throws Exception {
        Path gate = fifo("slow");
        TaskRecord started = ((Submission.Started) tasks.submit("late", "slowgate", Map.of("fifo", gate.toString()))).task();
        tasks.close();
        tasks = newTasks();
        assertEquals(new Tasks.BootReport(1, 0, 0), tasks.boot());
        TaskRecord done = result("late");
        assertEquals(TaskState.FAILED, done.state());
        assertEquals("timed out after 1s", done.error());
        assertEquals(started.pid(), done.pid());
        await().until(() -> ProcessIdentity.of(started.pid()).isEmpty());
    }

    @Test
    void completed_isReturnedAsIs_andDoesNotRunAgain() throws Exception {
        tasks.submit("c", "echo", Map.of("name", "a", "code", "0"));
        TaskRecord done = result("c");
        Submission again = tasks.submit("c", "echo", Map.of("name", "a", "code", "0"));
        assertEquals(new Submission.Existing(done), again);
    }

    @Test
    void running_isReturnedAsIs() throws Exception {
        Path gate = fifo("g");
        TaskRecord first = assertInstanceOf(Submission.Started.class, tasks.submit("r", "gate", Map.of("fifo", gate.toString()))).task();
        assertEquals(new Submission.Existing(first), tasks.submit("r", "gate", Map.of("fifo", gate.toString())));
        Files.writeString(gate, "0\n");
        assertEquals(TaskState.COMPLETED, result("r").state());
    }

    @Test
    void failed_runsAgainWithRunPlusOne_andKeepsTheNewOutcome() throws Exception {
        tasks.submit("f", "echo", Map.of("name", "x", "code", "3"));
        TaskRecord failed = result("f");
        assertEquals(TaskState.FAILED, failed.state());
        assertEquals(3, failed.exitCode());
        assertEquals("exit 3", failed.error());
        TaskRecord second = assertInstanceOf(Submission.Started.class, tasks.submit("f", "echo", Map.of("name", "x", "code", "3"))).task();
        assertEquals(2, second.run());
        assertEquals(2, result("f").run());
    }

    @Test
    void sameIdOtherParamsOrTemplate_isAConflictNamingTheDifference() throws Exception {
        tasks.submit("d", "echo", Map.of("name", "a", "code", "0"));
        Submission.Conflict params = assertInstanceOf(Submission.Conflict.class, tasks.submit("d", "echo", Map.of("name", "b", "code", "0")));
        assertEquals("task \"d\" exists with other params: name is \"b\", not \"a\"", params.difference());
        Submission.Conflict template = assertInstanceOf(Submission.Conflict.class, tasks.submit("d", "sleep", Map.of()));
        assertEquals("task \"d\" exists with template \"echo\", not \"sleep\"", template.difference());
        result("d");
    }

    @Test
    void badSubmits_areRejectedWithAReason_andRecordNothing() {
        assertEquals(new Submission.Rejected("template \"echo\" needs param code (give them as NAME=VALUE)"),
                tasks.submit("x", "echo", Map.of("name", "a")));
        assertEquals(new Submission.Rejected("template \"sleep\" has no param extra (it takes none)"), tasks.submit("x", "sleep", Map.of("extra", "1")));
        Submission.Rejected unknown = assertInstanceOf(Submission.Rejected.class, tasks.submit("x", "nope", Map.of()));
        assertTrue(unknown.reason().startsWith("no task template named \"nope\" (known: count, echo, gate, sleep, slowgate, where)"), unknown.reason());
        assertInstanceOf(Submission.Rejected.class, tasks.submit("a/b", "sleep", Map.of()));
        assertEquals(List.of(), tasks.list());
    }

    @Test
    void timeout_killsTheProcessGroup_andFailsWithTheReason() throws Exception {
        tasks.submit("t", "sleep", Map.of());
        TaskRecord done = result("t");
        assertEquals(TaskState.FAILED, done.state());
        assertEquals("timed out after 300ms", done.error());
        assertEquals(9, done.exitSignal());
        await().until(() -> ProcessTable.withInstancePrefix(PREFIX).isEmpty()); // the sleep under the wrapper too
    }

    @Test
    void hundredConcurrentSubmitsOfAFailedId_runItExactlyOnce() throws Exception {
        Path counter = dir.resolve("counter");
        Map<String, String> p = Map.of("file", counter.toString());
        tasks.submit("once", "count", p);
        assertEquals(TaskState.FAILED, result("once").state());
        ExecutorService pool = Executors.newFixedThreadPool(100);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Submission>> results = new ArrayList<>();
        for (int i = 0; i < 100; i++) results.add(pool.submit(() -> {
            go.await();
            return tasks.submit("once", "count", p);
        }));
        go.countDown();
        int started = 0;
        for (Future<Submission> f : results) {
            Submission s = f.get(30, TimeUnit.SECONDS);
            if (s instanceof Submission.Started) started++;
            else assertEquals(2, assertInstanceOf(Submission.Existing.class, s).task().run());
        }
        pool.shutdown();
        assertEquals(1, started);
        assertEquals(2, tasks.get("once").orElseThrow().run());
        await().until(() -> Files.readAllLines(counter).size() == 2); // run 1 and run 2, nothing else
    }

    @Test
    void everyRecord_isInTheStoreBeforeAnyoneHearsOfIt() throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        tasks.listen(e -> seen.add(e.task().state() + "/" + stored(e.task().id())));
        TaskRecord started = ((Submission.Started) tasks.submit("dur", "echo", Map.of("name", "a", "code", "0"))).task();
        assertEquals("RUNNING", stored("dur"));
        assertEquals(TaskState.RUNNING, started.state());
        TaskRecord done = result("dur");
        assertEquals("COMPLETED", stored("dur"));
        assertEquals(TaskState.COMPLETED, done.state());
        assertEquals(List.of("RUNNING/RUNNING", "COMPLETED/COMPLETED"), seen);
    }

    private String stored(String id) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT state FROM tasks WHERE id = ?")) {
                s.setString(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    @Test
    void afterARestart_aLiveRunIsReattached_aDeadOneReRun_anEndedOneFinished_andNoRunCounterMoves() throws Exception {
        Path g1 = fifo("g1");
        Path g2 = fifo("g2");
        Path g3 = fifo("g3");
        TaskRecord live = ((Submission.Started) tasks.submit("live", "gate", Map.of("fifo", g1.toString()))).task();
        TaskRecord dead = ((Submission.Started) tasks.submit("dead", "gate", Map.of("fifo", g2.toString()))).task();
        TaskRecord ended = ((Submission.Started) tasks.submit("ended", "gate", Map.of("fifo", g3.toString()))).task();
        tasks.close(); // this vigil is gone; its runs go on

        ProcessIdentity deadOne = ProcessIdentity.of(dead.pid()).orElseThrow();
        assertEquals(0, new ProcessBuilder("kill", "-KILL", "--", "-" + dead.pid()).start().waitFor()); // its whole group
        await().until(() -> !deadOne.isAlive());
        ProcessIdentity endedOne = ProcessIdentity.of(ended.pid()).orElseThrow();
        Files.writeString(g3, "0\n");
        await().until(() -> !endedOne.isAlive());

        tasks = newTasks();
        assertEquals(new Tasks.BootReport(1, 1, 1), tasks.boot());
        assertEquals(TaskState.COMPLETED, tasks.get("ended").orElseThrow().state());
        TaskRecord rerun = tasks.get("dead").orElseThrow();
        assertEquals(TaskState.RUNNING, rerun.state());
        assertNotEquals(dead.pid(), rerun.pid());
        assertEquals(live.pid(), tasks.get("live").orElseThrow().pid());

        Files.writeString(g1, "3\n");
        TaskRecord liveDone = result("live");
        assertEquals(TaskState.FAILED, liveDone.state());
        assertEquals(3, liveDone.exitCode()); // read from the wrapper's file: this vigil is not its parent
        assertEquals(List.of("got 3"), liveDone.output());
        Files.writeString(g2, "0\n");
        assertEquals(TaskState.COMPLETED, result("dead").state());
        for (TaskRecord t : tasks.list()) assertEquals(1, t.run(), t.id());
    }

    @Test
    void anActionTheProviderDoesNotOffer_isAProblemNamingWhatItOffers() {
        TaskTemplate load = new TaskTemplate("load", Optional.of("llm"), Duration.ofSeconds(5), new TaskTemplate.Action("lod"), java.util.Set.of("model"),
                dir.resolve("vigil.toml"));
        ProviderActions llm = new ProviderActions() {
            @Override
            public java.util.Set<String> actions(String service) {
                return service.equals("llm") ? java.util.Set.of("unload", "load") : java.util.Set.of();
            }

            @Override
            public java.util.concurrent.CompletableFuture<dev.vigil.engine.spi.ActionResult> run(String s, String a, Map<String, String> p, Duration t) {
                throw new AssertionError("not run");
            }
        };
        assertEquals(List.of(dir.resolve("vigil.toml") + ": tasks.load.action: service llm offers no action \"lod\" (it offers load, unload)"),
                Tasks.unsupportedActions(List.of(load), llm));
        assertEquals(List.of(), Tasks.unsupportedActions(List.of(template("echo", Duration.ofSeconds(1), "true")), llm));
    }
}
