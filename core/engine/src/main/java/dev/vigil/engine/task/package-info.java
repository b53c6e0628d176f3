/**
 * Tasks: one-shot jobs with stable, caller-chosen ids, run from templates ({@link
 * dev.vigil.engine.model.TaskTemplate}). {@link dev.vigil.engine.task.Tasks} owns the submit
 * semantics (unknown → run 1, running or completed → unchanged, failed → run + 1), the records in
 * the store (durable before they are reported), timeouts, and re-attaching to runs after vigil
 * restarts. Depends on {@code model}, {@code store}, {@code clock}, {@code os} (process identity)
 * and {@code supervise.Processes}.
 */
package dev.vigil.engine.task;
