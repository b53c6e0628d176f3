/**
 * Supervision: one {@link dev.vigil.engine.supervise.ServiceUnit} per service, each mutated on its
 * own mailbox, applying the lifecycle's decisions; the crash bookkeeping; the {@link
 * dev.vigil.engine.supervise.Supervisor} that owns the units. The outside world (processes, time,
 * timers) comes in through {@link dev.vigil.engine.supervise.Processes} and {@link
 * dev.vigil.engine.clock.Scheduler}; what must survive a restart of vigil goes out through the
 * {@link dev.vigil.engine.supervise.Ledger} port, and comes back at boot ({@link
 * dev.vigil.engine.supervise.Reattach} decides what to do with it). Depends on {@code model},
 * {@code lifecycle}, {@code event}, and on {@code os} for {@link dev.vigil.engine.os.ProcessIdentity}.
 */
package dev.vigil.engine.supervise;
