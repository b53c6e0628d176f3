package dev.vigil.engine.task;

import dev.vigil.engine.model.TaskRecord;

/** What a submit did: started a run, found the task as it is, or refused. */
public sealed interface Submission {

    /** A new run began (the record says which); it may already have FAILED if it could not spawn. */
    record Started(TaskRecord task) implements Submission {}

    /** The task is RUNNING or COMPLETED: nothing was run. */
    record Existing(TaskRecord task) implements Submission {}

    /** The id is taken by a task with another template or other params; {@code difference} says which. */
    record Conflict(TaskRecord task, String difference) implements Submission {}

    /** The submit itself is wrong: a bad id, an unknown template, a missing or unknown param. */
    record Rejected(String reason) implements Submission {}
}
