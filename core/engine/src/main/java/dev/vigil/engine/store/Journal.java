package dev.vigil.engine.store;

import dev.vigil.engine.event.Event;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.function.Consumer;

/**
 * The bounded event journal: every event of the bus, appended to the store's {@code events} table
 * through the {@link WriteBehind}; the oldest rows are pruned in batches so that about {@code keep}
 * remain.
 *
 * <p>Thread-safe. {@link #accept} runs under the bus's lock: it only queues.
 */
public final class Journal implements Consumer<Event> {

    /** How many events the journal keeps by default. */
    public static final int KEEP = 10_000;
    private final WriteBehind writes;
    private final int keep;
    private final int pruneEvery;
    private long appended;

    public Journal(WriteBehind writes, int keep) {
        this.writes = writes;
        this.keep = keep;
        this.pruneEvery = Math.max(1, keep / 10);
    }

    @Override
    public synchronized void accept(Event e) {
        writes.submit(c -> insert(c.prepareStatement("INSERT INTO events(seq, time, service, child, from_state, to_state, cause, pid, "
                + "exit_code, exit_signal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"), e));
        if (++appended % pruneEvery == 0) {
            writes.submit(c -> {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("DELETE FROM events WHERE id <= (SELECT max(id) FROM events) - " + keep);
                }
            });
        }
    }

    private static void insert(PreparedStatement ps, Event e) throws SQLException {
        try (ps) {
            ps.setLong(1, e.seq());
            ps.setLong(2, e.time().toEpochMilli());
            ps.setString(3, e.service());
            ps.setString(4, e.child());
            ps.setString(5, e.from() == null ? null : e.from().name());
            ps.setString(6, e.to().name());
            ps.setString(7, e.cause());
            if (e.pid() == null) ps.setNull(8, Types.INTEGER);
            else ps.setLong(8, e.pid());
            if (e.exit() == null) {
                ps.setNull(9, Types.INTEGER);
                ps.setNull(10, Types.INTEGER);
            } else {
                ps.setInt(9, e.exit().code());
                ps.setInt(10, e.exit().signal());
            }
            ps.executeUpdate();
        }
    }
}
