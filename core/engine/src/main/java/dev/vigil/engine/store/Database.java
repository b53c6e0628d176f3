package dev.vigil.engine.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The SQLite file that holds what must survive vigil: opened in WAL mode, migrated forward to the
 * newest schema this vigil knows, refused when it cannot be trusted.
 *
 * <p>Thread-safe: one connection, used by one caller at a time (SQLite serialises writers anyway;
 * reads of a few rows take microseconds). {@link #write} commits before it returns, so what it wrote
 * survives a crash of vigil. Nothing here runs on the engine's hot path: callers batch
 * ({@link WriteBehind}).
 */
public final class Database implements AutoCloseable {

    /** How long a statement waits for a lock held by another process before the store is "locked". */
    static final Duration BUSY_TIMEOUT = Duration.ofSeconds(1);

    private final Path file;
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();

    private Database(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /**
     * Opens (creating it if needed) and migrates the store at {@code file}.
     *
     * @throws StoreException when the file is corrupt, locked by another process, not a database, or
     *     written by a newer vigil; nothing in it is changed then
     */
    public static Database open(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (java.io.IOException e) {
            throw new StoreException("cannot create the folder of the store " + file + ": " + e.getMessage(), e);
        }
        Connection c;
        try {
            c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        } catch (SQLException e) {
            throw new StoreException(explain(file, e), e);
        }
        Database db = new Database(file, c);
        try {
            db.prepare();
            return db;
        } catch (SQLException e) {
            db.close();
            throw new StoreException(explain(file, e), e);
        } catch (StoreException e) {
            db.close();
            throw e;
        }
    }

    private void prepare() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT.toMillis());
            // Refuse a damaged file before writing anything to it.
            try (ResultSet rs = s.executeQuery("PRAGMA quick_check")) {
                String verdict = rs.next() ? rs.getString(1) : "no answer";
                if (!"ok".equals(verdict)) throw new StoreException("the store " + file + " is corrupt (" + verdict
                        + "); vigil will not start on it. Move it aside to start afresh (services still running are then not re-attached)");
            }
            int version = userVersion(s);
            List<String> scripts = Migrations.scripts();
            if (version > scripts.size()) {
                throw new StoreException("the store " + file + " has schema " + version + ", written by a newer vigil (this one knows up to "
                        + scripts.size() + "); nothing in it was changed. Run the newer vigil, or move the file aside");
            }
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode = WAL")) {
                if (!rs.next() || !"wal".equalsIgnoreCase(rs.getString(1))) throw new StoreException("the store " + file + " cannot use WAL mode");
            }
            // NORMAL in WAL mode: a commit survives a crash of vigil (not necessarily a power cut).
            s.execute("PRAGMA synchronous = NORMAL");
            s.execute("PRAGMA foreign_keys = ON");
            if (version < scripts.size()) migrate(version, scripts);
            // A reader can share a WAL file with another writer; vigil cannot: take the write lock
            // once now, so that a file another process holds is refused before anything starts.
            s.execute("BEGIN IMMEDIATE");
            s.execute("ROLLBACK");
        }
    }

    private void migrate(int from, List<String> scripts) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement()) {
            for (int v = from; v < scripts.size(); v++) {
                for (String sql : Migrations.statements(scripts.get(v))) s.execute(sql);
            }
            s.execute("PRAGMA user_version = " + scripts.size());
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static int userVersion(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /** The schema version this vigil writes. */
    public static int schemaVersion() {
        return Migrations.scripts().size();
    }

    public Path file() {
        return file;
    }

    /** Work on the connection, in autocommit mode. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(Connection c) throws SQLException;
    }

    /** Work on the connection inside a transaction. */
    @FunctionalInterface
    public interface Change {
        void apply(Connection c) throws SQLException;
    }

    /** Reads; never changes anything. */
    public <T> T read(Work<T> work) {
        lock.lock();
        try {
            return work.apply(connection);
        } catch (SQLException e) {
            throw new StoreException(explain(file, e), e);
        } finally {
            lock.unlock();
        }
    }

    /** Applies {@code change} in one transaction; committed (durable) when this returns. */
    public void write(Change change) {
        lock.lock();
        try {
            connection.setAutoCommit(false);
            try {
                change.apply(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException(explain(file, e), e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether the store answers a query within {@code limit} (for {@code /livez}). Never blocks longer
     * than about {@code limit}.
     */
    public boolean answers(Duration limit) {
        CompletableFuture<Boolean> probe = CompletableFuture.supplyAsync(() -> read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master")) {
                return rs.next();
            }
        }), Thread.ofVirtual()::start);
        try {
            return probe.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            connection.close();
        } catch (SQLException e) {
            // closing: nothing left to save
        } finally {
            lock.unlock();
        }
    }

    /** SQLite's words, made into a sentence that names the file and what to do. */
    static String explain(Path file, SQLException e) {
        String m = String.valueOf(e.getMessage());
        String lower = m.toLowerCase(Locale.ROOT);
        if (lower.contains("sqlite_busy") || lower.contains("locked")) {
            return "the store " + file + " is locked by another process (another vigil on the same runtime folder?): " + m;
        }
        if (lower.contains("sqlite_notadb") || lower.contains("not a database") || lower.contains("sqlite_corrupt") || lower.contains("malformed")) {
            return "the store " + file + " is corrupt or not a vigil store (" + m
                    + "); vigil will not start on it. Move it aside to start afresh (services still running are then not re-attached)";
        }
        return "the store " + file + ": " + m;
    }
}
