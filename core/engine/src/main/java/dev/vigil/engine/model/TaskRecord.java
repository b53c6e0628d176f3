package dev.vigil.engine.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One task as vigil knows it: its caller-chosen id, what it runs, and the latest run's outcome.
 *
 * @param params the values of the template's placeholders, sorted by name
 * @param run which run this is: 1 for the first, + 1 for each resubmit after a failure
 * @param exitCode the run's exit code when it ended and it is known, else null
 * @param exitSignal the signal that killed the run's process, else null
 * @param error why the run failed, for people ({@code exit 3}, {@code timed out after 5s}), else null
 * @param output the last lines (at most {@link #OUTPUT_LINES}) of the run's output
 * @param startedAt when the latest run (or its re-run after a restart of vigil) began
 * @param finishedAt when the run ended, else null
 * @param pid the process of the run (the exit-status wrapper), else null
 */
public record TaskRecord(
        String id,
        String template,
        SortedMap<String, String> params,
        TaskState state,
        int run,
        Integer exitCode,
        Integer exitSignal,
        String error,
        List<String> output,
        Instant submittedAt,
        Instant startedAt,
        Instant finishedAt,
        Long pid) {

    /** How many lines of output a record keeps. */
    public static final int OUTPUT_LINES = 50;

    public TaskRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(submittedAt, "submittedAt");
        params = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(params));
        output = List.copyOf(output);
        if (run < 1) throw new IllegalArgumentException("run starts at 1");
    }

    /** A run that begins now. */
    public static TaskRecord running(String id, String template, Map<String, String> params, int run, Instant submitted, Instant started, Long pid) {
        return new TaskRecord(id, template, new TreeMap<>(params), TaskState.RUNNING, run, null, null, null, List.of(), submitted, started, null, pid);
    }

    /** This run, ended. */
    public TaskRecord finished(TaskState end, ExitStatus exit, String why, List<String> tail, Instant at) {
        Integer code = exit == null || exit.code() < 0 ? null : exit.code();
        Integer signal = exit == null || exit.signal() == 0 ? null : exit.signal();
        return new TaskRecord(id, template, params, end, run, code, signal, why, tail, submittedAt, startedAt, at, pid);
    }

    /** This run, started again (after a restart of vigil) with the same run number. */
    public TaskRecord restarted(Instant at, Long newPid) {
        return new TaskRecord(id, template, params, TaskState.RUNNING, run, null, null, null, List.of(), submittedAt, at, null, newPid);
    }
}
