/**
 * The store: what must survive a restart of vigil, in one SQLite file (WAL) in the runtime folder —
 * each live child's pid and start instant, restart counters and backoff deadlines, a bounded event
 * journal, task records. {@link dev.vigil.engine.store.Database} opens it, migrates it forward and
 * refuses what it cannot trust (a newer schema, a corrupt or locked file). Depends on {@code java.sql}
 * only (the sqlite-jdbc driver is found at run time).
 */
package dev.vigil.engine.store;
