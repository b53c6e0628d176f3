package dev.vigil.api.json;

import dev.vigil.engine.event.Event;
import dev.vigil.engine.model.ChildStatus;
import dev.vigil.engine.model.ExitStatus;
import dev.vigil.engine.model.ServiceStatus;
import dev.vigil.engine.model.TaskRecord;
import dev.vigil.engine.task.TaskEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The API's JSON documents, as records (Jackson writes them with snake_case names).
 *
 * <p>A service: {@code name, state, pid, children[{name, state, pid}], since, restarts, last_exit,
 * reason, next_start, readiness, status_text, waiting_for, spec_changed}. An event: {@code seq, time, service, child, from, to, cause, pid,
 * exit}. A task: {@code id, template, params, state, run, exit_code, exit_signal, error, output,
 * submitted_at, started_at, finished_at, pid}; a task event: {@code seq, time, from, task}. Instants
 * are ISO-8601 strings; absent values are {@code null}.
 */
public final class Views {

    private Views() {}

    public record Exit(int code, Integer signal, String signalName, String text) {
        static Exit of(ExitStatus e) {
            if (e == null) return null;
            return new Exit(e.code(), e.signal() == 0 ? null : e.signal(), e.signalName(), e.toString());
        }
    }

    public record Child(String name, String state, Long pid) {}

    public record Service(String name, String state, Long pid, List<Child> children, String since, int restarts, Exit lastExit,
            String reason, String nextStart, String readiness, String statusText, List<String> waitingFor, boolean specChanged) {
        /** A service running the declaration as it is now. */
        public Service(String name, String state, Long pid, List<Child> children, String since, int restarts, Exit lastExit,
                String reason, String nextStart, String readiness, String statusText, List<String> waitingFor) {
            this(name, state, pid, children, since, restarts, lastExit, reason, nextStart, readiness, statusText, waitingFor, false);
        }
    }

    public record EventView(long seq, String time, String service, String child, String from, String to, String cause, Long pid, Exit exit) {}

    public record Snapshot(long seq, List<Service> services) {}

    public record Task(String id, String template, Map<String, String> params, String state, int run, Integer exitCode, Integer exitSignal,
            String error, List<String> output, String submittedAt, String startedAt, String finishedAt, Long pid) {}

    public record TaskEventView(long seq, String time, String from, Task task) {}

    public record Error(ErrorBody error) {}

    public record ErrorBody(String code, String message) {}

    public static Service service(ServiceStatus s) {
        List<Child> children = s.children().stream().map(Views::child).toList();
        return new Service(s.name(), s.state().name(), s.pid(), children, iso(s.since()), s.restarts(), Exit.of(s.lastExit()),
                s.reason(), iso(s.nextStart()), s.readiness(), s.statusText(), s.waitingFor(), s.specChanged());
    }

    private static Child child(ChildStatus c) {
        return new Child(c.name(), c.state().name(), c.pid());
    }

    public static EventView event(Event e) {
        return new EventView(e.seq(), iso(e.time()), e.service(), e.child(), e.from().name(), e.to().name(), e.cause(), e.pid(),
                Exit.of(e.exit()));
    }

    public static Task task(TaskRecord t) {
        return new Task(t.id(), t.template(), t.params(), t.state().name(), t.run(), t.exitCode(), t.exitSignal(), t.error(), t.output(),
                iso(t.submittedAt()), iso(t.startedAt()), iso(t.finishedAt()), t.pid());
    }

    public static TaskEventView taskEvent(TaskEvent e) {
        return new TaskEventView(e.seq(), iso(e.time()), e.from() == null ? null : e.from().name(), task(e.task()));
    }

    public static Error error(String code, String message) {
        return new Error(new ErrorBody(code, message));
    }

    private static String iso(Instant i) {
        return i == null ? null : i.toString();
    }
}
