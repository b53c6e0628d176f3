package dev.vigil.engine.task;

import dev.vigil.engine.model.TaskRecord;
import dev.vigil.engine.model.TaskState;
import java.time.Instant;

/**
 * One transition of one task, published only once the record it carries is durable in the store.
 *
 * @param seq increasing by one per task event, from 1
 * @param from the state before, or null for a task's first run
 */
public record TaskEvent(long seq, Instant time, TaskState from, TaskRecord task) {}
