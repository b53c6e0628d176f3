/**
 * The store: what must survive a restart of vigil, in one SQLite file (WAL) in the runtime folder —
 * each live child's pid and start instant, restart counters and backoff deadlines, a bounded event
 * journal, task records. {@link dev.vigil.engine.store.Database} opens it, migrates it forward and
 * refuses what it cannot trust (a newer schema, a corrupt or locked file); {@link
 * dev.vigil.engine.store.WriteBehind} keeps writes off the engine's path; {@link
 * dev.vigil.engine.store.SqliteLedger} is the supervisor's {@link dev.vigil.engine.supervise.Ledger},
 * {@link dev.vigil.engine.store.Journal} the bounded event journal, {@link
 * dev.vigil.engine.store.Store} wires them for the daemon. Depends on {@code java.sql} (the
 * sqlite-jdbc driver is found at run time), and on {@code supervise} (the port it implements),
 * {@code event}, {@code model} and {@code os} (process identities).
 */
package dev.vigil.engine.store;
