package dev.vigil.engine.task;

import dev.vigil.engine.clock.Scheduler;
import dev.vigil.engine.model.ExitStatus;
import dev.vigil.engine.model.TaskRecord;
import dev.vigil.engine.model.TaskState;
import dev.vigil.engine.model.TaskTemplate;
import dev.vigil.engine.os.ProcessIdentity;
import dev.vigil.engine.store.Database;
import dev.vigil.engine.supervise.Processes;
import dev.vigil.engine.supervise.Processes.Spawned;
import dev.vigil.engine.spi.ActionResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task engine: submits tasks by id, runs them from their templates, and keeps their records in
 * the store.
 *
 * <p>Submit is status-aware: an unknown id runs (run 1); a RUNNING or COMPLETED task is returned
 * unchanged; a FAILED one runs again with run + 1; the same id with another template or other params
 * is a {@link Submission.Conflict}. Thread-safe: one lock serialises submits and transitions, so the
 * same failed id submitted by a hundred threads at once runs exactly once. Every record is written
 * to the store ({@link Database#write}, durable) before anyone learns of it: the return value of
 * {@link #submit}, {@link #get}, {@link #finished} and the events all come after the write.
 *
 * <p>A run's process is spawned through {@link Processes} in a session of its own with its output in
 * {@code DIR/ID.log}; a timeout SIGKILLs its process group. {@link #boot} picks up the runs a previous
 * vigil left RUNNING: re-attached if their process still lives, re-run if it does not, and in
 * neither case does the run counter move.
 */
public final class Tasks implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Tasks.class);
    /** Ids: 1 to 200 characters, no '/' (an id is a path segment of the API) and no blanks. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._:@+=,-]{0,199}");
    private final TaskStore store;
    private final Processes processes;
    private final Scheduler scheduler;
    private final TaskFiles files;
    private final String instancePrefix;
    private final ProviderActions actions;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, TaskRecord> records = new TreeMap<>();
    private final Map<String, Run> running = new HashMap<>();
    private final Map<String, List<CompletableFuture<TaskRecord>>> waiters = new HashMap<>();
    private final List<Consumer<TaskEvent>> listeners = new CopyOnWriteArrayList<>();
    private volatile Map<String, TaskTemplate> templates = Map.of();
    private long seq;

    /**
     * @param dir where the runs' logs and exit files go ({@code RUNTIME/tasks})
     * @param instancePrefix the {@code VIGIL_INSTANCE} prefix of every task process (the id's file name
     *     and the run follow it)
     */
    public Tasks(Database db, Processes processes, Scheduler scheduler, Path dir, String instancePrefix, ProviderActions actions) {
        this.store = new TaskStore(db);
        this.processes = processes;
        this.scheduler = scheduler;
        this.files = new TaskFiles(dir);
        this.instancePrefix = instancePrefix;
        this.actions = actions;
    }

    /** One run in flight: its process (null for a provider action) and its timeout. */
    private static final class Run {
        final int number;
        final Duration timeout;
        Spawned process;
        Scheduler.Timer timer;
        boolean timedOut;

        Run(int number, Duration timeout) {
            this.number = number;
            this.timeout = timeout;
        }
    }

    /**
     * A problem for each action template whose service's provider does not offer its action, as
     * {@code FILE: tasks.NAME.action: ...}; empty when every one is offered.
     */
    public static List<String> unsupportedActions(Collection<TaskTemplate> templates, ProviderActions actions) {
        List<String> problems = new ArrayList<>();
        for (TaskTemplate t : templates) {
            if (!(t.body() instanceof TaskTemplate.Action a)) continue;
            String service = t.service().orElseThrow();
            Set<String> offered = actions.actions(service);
            if (offered.contains(a.action())) continue;
            problems.add(t.source() + ": tasks." + t.name() + ".action: service " + service + " offers no action \"" + a.action() + "\""
                    + (offered.isEmpty() ? " (it has no provider with actions)" : " (it offers " + String.join(", ", new TreeSet<>(offered)) + ")"));
        }
        return problems;
    }

    /** Sets the templates submits may name (at start and on reload); runs in flight go on. */
    public void declare(Collection<TaskTemplate> declared) {
        Map<String, TaskTemplate> m = new LinkedHashMap<>();
        declared.forEach(t -> m.put(t.name(), t));
        templates = Map.copyOf(m);
    }

    public Map<String, TaskTemplate> templates() {
        return templates;
    }

    /** Submits task {@code id} from {@code template} with {@code params} (the JS hooks' and the API's entry). */
    public Submission submit(String id, String template, Map<String, String> params) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(template, "template");
        if (!ID.matcher(id).matches()) {
            return new Submission.Rejected("invalid task id \"" + id + "\": use 1 to 200 letters, digits or . _ : @ + = , -, starting with a letter, digit or _");
        }
        SortedMap<String, String> given = new TreeMap<>(params);
        lock.lock();
        try {
            TaskRecord old = records.get(id);
            if (old != null) {
                Optional<String> diff = Difference.between(old, template, given);
                if (diff.isPresent()) return new Submission.Conflict(old, diff.get());
                if (old.state() != TaskState.FAILED) return new Submission.Existing(old);
            }
            TaskTemplate t = templates.get(template);
            if (t == null) return new Submission.Rejected("no task template named \"" + template + "\"" + known());
            Optional<String> bad = t.checkParams(given);
            if (bad.isPresent()) return new Submission.Rejected(bad.get());
            Instant now = scheduler.instant();
            TaskRecord fresh = TaskRecord.running(id, template, given, old == null ? 1 : old.run() + 1, now, now, null);
            return new Submission.Started(start(fresh, t, old == null ? null : old.state()));
        } finally {
            lock.unlock();
        }
    }

    private String known() {
        return templates.isEmpty() ? " (none is declared: add [tasks.NAME] to vigil.toml)" : " (known: " + String.join(", ", new TreeSet<>(templates.keySet())) + ")";
    }

    /** Starts {@code run}'s process (or action), saves it, and publishes it. Under the lock. */
    private TaskRecord start(TaskRecord run, TaskTemplate t, TaskState from) {
        Run handle = new Run(run.run(), t.timeout());
        Instant deadline = run.startedAt().plus(t.timeout());
        if (t.body() instanceof TaskTemplate.Action a) {
            save(run, null, deadline);
            publish(from, run);
            running.put(run.id(), handle);
            handle.timer = scheduler.schedule(t.timeout(), () -> executor.execute(() -> timeout(run.id(), handle)));
            actions.run(t.service().orElseThrow(), a.action(), run.params(), t.timeout())
                    .whenCompleteAsync((o, err) -> actionEnded(run.id(), handle, o, err), executor);
            return run;
        }
        TaskTemplate.Command c = t.resolve(run.params());
        Spawned p;
        try {
            files.clear(run.id());
            Map<String, String> env = new LinkedHashMap<>(c.env());
            env.put("VIGIL_TASK", run.id());
            env.put("VIGIL_TASK_RUN", String.valueOf(run.run()));
            p = processes.spawn(new Processes.SpawnRequest(t.service().orElse(""), "task", files.wrapped(run.id(), c.command()), c.cwd(), env,
                    files.log(run.id()), instance(run.id(), run.run())));
        } catch (IOException e) { // SpawnException included
            TaskRecord failed = run.finished(TaskState.FAILED, ExitStatus.spawnFailed(), "could not start: " + e.getMessage(), List.of(), scheduler.instant());
            save(failed, null, null);
            publish(from, failed);
            return failed;
        }
        TaskRecord started = new TaskRecord(run.id(), run.template(), run.params(), TaskState.RUNNING, run.run(), null, null, null, List.of(),
                run.submittedAt(), run.startedAt(), null, p.pid());
        try {
            save(started, ProcessIdentity.of(p.pid()).orElse(null), deadline);
        } catch (RuntimeException e) {
            // Not durable, so not acknowledged: the run must not go on unrecorded.
            processes.signal(List.of(p), instance(run.id(), run.run()), Processes.SIGKILL);
            throw e;
        }
        publish(from, started);
        watch(started.id(), handle, p, deadline);
        return started;
    }

    private String instance(String id, int run) {
        return instancePrefix + TaskFiles.name(id) + "/" + run;
    }

    /** Watches a run's process: its end (pushed) and its deadline. Under the lock. */
    private void watch(String id, Run handle, Spawned p, Instant deadline) {
        handle.process = p;
        running.put(id, handle);
        handle.timer = scheduler.scheduleAt(deadline, () -> executor.execute(() -> timeout(id, handle)));
        // onExit completes on the pidfd watcher's thread, which must only hand off.
        p.onExit().whenCompleteAsync((exit, err) -> processEnded(id, handle, err == null ? exit : ExitStatus.unknown()), executor);
    }

    private void timeout(String id, Run handle) {
        lock.lock();
        try {
            if (running.get(id) != handle) return;
            handle.timedOut = true;
            if (handle.process != null) {
                processes.signal(List.of(handle.process), instance(id, handle.number), Processes.SIGKILL);
                return; // its end comes through processEnded
            }
            end(id, handle, TaskState.FAILED, null, timedOut(handle), List.of());
        } finally {
            lock.unlock();
        }
    }

    private static String timedOut(Run handle) {
        return "timed out after " + human(handle.timeout);
    }

    private void processEnded(String id, Run handle, ExitStatus observed) {
        lock.lock();
        try {
            if (running.get(id) != handle) return;
            // The wrapper's file has the command's status; without it, what waitid saw (the wrapper
            // killed), or nothing at all for a re-attached run.
            ExitStatus exit = files.recordedExit(id).orElse(observed);
            List<String> tail = files.tail(id);
            if (handle.timedOut) end(id, handle, TaskState.FAILED, exit, timedOut(handle), tail);
            else if (exit.isSuccess()) end(id, handle, TaskState.COMPLETED, exit, null, tail);
            else if (exit.code() == -1) end(id, handle, TaskState.FAILED, exit, "ended without recording its exit status (killed?)", tail);
            else end(id, handle, TaskState.FAILED, exit, exit.toString(), tail);
        } finally {
            lock.unlock();
        }
    }

    private void actionEnded(String id, Run handle, ActionResult outcome, Throwable err) {
        lock.lock();
        try {
            if (running.get(id) != handle) return;
            if (err != null) end(id, handle, TaskState.FAILED, null, "provider action failed: " + err, List.of());
            else if (outcome instanceof ActionResult.Done d) end(id, handle, TaskState.COMPLETED, null, null, List.of(d.detail()));
            else end(id, handle, TaskState.FAILED, null, outcome.detail(), List.of(outcome.detail()));
        } finally {
            lock.unlock();
        }
    }

    /** Ends a run: saved (durable), then visible, then published, then waiters told. Under the lock. */
    private void end(String id, Run handle, TaskState state, ExitStatus exit, String why, List<String> tail) {
        TaskRecord was = records.get(id);
        TaskRecord done = was.finished(state, exit, why, tail, scheduler.instant());
        save(done, null, null);
        running.remove(id);
        if (handle.timer != null) handle.timer.cancel();
        publish(TaskState.RUNNING, done);
    }

    /** Writes a record (durable), then makes it visible. Under the lock. */
    private void save(TaskRecord t, ProcessIdentity process, Instant deadline) {
        store.save(new TaskStore.Row(t, process, deadline));
        records.put(t.id(), t);
    }

    /** Tells listeners and, once finished, the waiters. Under the lock, after {@link #save}. */
    private void publish(TaskState from, TaskRecord t) {
        TaskEvent e = new TaskEvent(++seq, scheduler.instant(), from, t);
        for (Consumer<TaskEvent> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException ex) {
                LOG.error("task listener failed on {}", t.id(), ex);
            }
        }
        if (t.state().finished()) {
            List<CompletableFuture<TaskRecord>> w = waiters.remove(t.id());
            if (w != null) w.forEach(f -> f.complete(t));
        }
    }

    public Optional<TaskRecord> get(String id) {
        lock.lock();
        try {
            return Optional.ofNullable(records.get(id));
        } finally {
            lock.unlock();
        }
    }

    /** Every task, by id. */
    public List<TaskRecord> list() {
        lock.lock();
        try {
            return List.copyOf(records.values());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Completes with the task's record once its current run has ended (at once if it has); empty
     * for an unknown id.
     */
    public Optional<CompletableFuture<TaskRecord>> finished(String id) {
        lock.lock();
        try {
            TaskRecord t = records.get(id);
            if (t == null) return Optional.empty();
            if (t.state().finished()) return Optional.of(CompletableFuture.completedFuture(t));
            CompletableFuture<TaskRecord> f = new CompletableFuture<>();
            waiters.computeIfAbsent(id, k -> new ArrayList<>()).add(f);
            return Optional.of(f);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Registers a listener for every task transition; it runs synchronously on the engine's thread and
     * must only hand off. Closing the returned handle removes it.
     */
    public AutoCloseable listen(Consumer<TaskEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * Loads the store's tasks and picks up the runs a previous vigil left RUNNING: a run whose process
     * (pid and start instant) still lives is re-attached, one that ended while vigil was down and
     * left its exit status is finished with it, any other is run again. No run counter moves.
     *
     * @return how many runs were re-attached, finished and re-run
     */
    public BootReport boot() {
        int attached = 0;
        int finished = 0;
        int rerun = 0;
        lock.lock();
        try {
            List<TaskStore.Row> rows = store.load();
            rows.forEach(r -> records.put(r.task().id(), r.task()));
            for (TaskStore.Row row : rows) {
                TaskRecord t = row.task();
                if (t.state() != TaskState.RUNNING) continue;
                TaskTemplate template = templates.get(t.template());
                Duration timeout = template != null ? template.timeout() : Duration.ofDays(365);
                Run handle = new Run(t.run(), timeout);
                Instant deadline = row.deadline() != null ? row.deadline() : scheduler.instant().plus(timeout);
                if (row.process() != null && row.process().isAlive()) {
                    watch(t.id(), handle, processes.adopt(row.process().pid()), deadline);
                    attached++;
                } else if (t.pid() != null && files.recordedExit(t.id()).isPresent()) {
                    running.put(t.id(), handle);
                    processEnded(t.id(), handle, ExitStatus.unknown());
                    finished++;
                } else if (template == null) {
                    running.put(t.id(), handle);
                    end(t.id(), handle, TaskState.FAILED, ExitStatus.unknown(), "its process ended while vigil was down and template \""
                            + t.template() + "\" is no longer declared", List.of());
                } else {
                    start(t.restarted(scheduler.instant(), null), template, TaskState.RUNNING);
                    rerun++;
                }
            }
        } finally {
            lock.unlock();
        }
        if (attached + finished + rerun > 0) LOG.info("tasks: {} re-attached, {} finished while vigil was down, {} re-run", attached, finished, rerun);
        return new BootReport(attached, finished, rerun);
    }

    /** What {@link #boot} did with the runs it found RUNNING. */
    public record BootReport(int reattached, int finished, int rerun) {}

    /** {@code 5s}, {@code 1m30s}, {@code 250ms}. */
    static String human(Duration d) {
        if (d.toMillis() < 1000) return d.toMillis() + "ms";
        StringBuilder sb = new StringBuilder();
        long s = d.toSeconds();
        if (s >= 3600) sb.append(s / 3600).append('h');
        if (s % 3600 >= 60) sb.append(s % 3600 / 60).append('m');
        if (s % 60 > 0 || sb.isEmpty()) sb.append(s % 60).append('s');
        return sb.toString();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
