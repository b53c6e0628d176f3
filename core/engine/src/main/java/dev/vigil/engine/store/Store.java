package dev.vigil.engine.store;

import dev.vigil.engine.event.EventBus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store as the daemon wires it: one {@link Database}, one {@link WriteBehind} on it, the
 * supervisor's {@link SqliteLedger} and the event {@link Journal}. Other users (tasks) share the
 * same database and writer through {@link #database()} and {@link #writes()}.
 *
 * <p>Thread-safe. {@link #close} saves what is queued, then closes the file.
 */
public final class Store implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Store.class);
    /** The file's name in the runtime folder. */
    public static final String FILE_NAME = "vigil.db";
    private final Database db;
    private final WriteBehind writes;
    private final SqliteLedger ledger;

    private Store(Database db) {
        this.db = db;
        this.writes = new WriteBehind(db);
        this.ledger = new SqliteLedger(db, writes, InstantSource.system());
    }

    /**
     * Opens {@code RUNTIME/vigil.db}.
     *
     * @throws StoreException when it is corrupt, locked, or from a newer vigil
     */
    public static Store open(Path runtimeDir) {
        return new Store(Database.open(runtimeDir.resolve(FILE_NAME)));
    }

    public Database database() {
        return db;
    }

    public WriteBehind writes() {
        return writes;
    }

    public SqliteLedger ledger() {
        return ledger;
    }

    /** Journals every event of {@code bus}, keeping the latest {@link Journal#KEEP}. */
    public void journal(EventBus bus) {
        bus.listen(new Journal(writes, Journal.KEEP));
    }

    /** Whether the store answers a query within {@code limit} (for {@code /livez}). */
    public boolean answers(Duration limit) {
        return db.answers(limit);
    }

    /** Waits up to {@code limit} for every queued write to be durable; false when it took longer. */
    public boolean flush(Duration limit) {
        try {
            writes.flush().get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            LOG.warn("store: queued writes not all saved within {} ms: {}", limit.toMillis(), e.toString());
            return false;
        }
    }

    @Override
    public void close() {
        writes.close();
        db.close();
    }
}
