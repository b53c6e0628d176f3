/**
 * Supervision: one {@link dev.vigil.engine.supervise.ServiceUnit} per service, each mutated on its
 * own mailbox, applying the lifecycle's decisions; the crash bookkeeping; the {@link
 * dev.vigil.engine.supervise.Supervisor} that owns the units. The outside world (processes, time,
 * timers) comes in through {@link dev.vigil.engine.supervise.Processes} and {@link
 * dev.vigil.engine.clock.Scheduler}. Depends on {@code model}, {@code lifecycle}, {@code event}.
 */
package dev.vigil.engine.supervise;
