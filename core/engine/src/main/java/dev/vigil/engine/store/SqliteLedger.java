package dev.vigil.engine.store;

import dev.vigil.engine.model.ServiceState;
import dev.vigil.engine.os.ProcessIdentity;
import dev.vigil.engine.supervise.Ledger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The supervisor's {@link Ledger} in the store's {@code children} and {@code services} tables.
 *
 * <p>Thread-safe. Every write is queued on the {@link WriteBehind} and returns at once; {@link
 * #recall} reads synchronously (at boot).
 */
public final class SqliteLedger implements Ledger {

    private final Database db;
    private final WriteBehind writes;
    private final InstantSource clock;

    public SqliteLedger(Database db, WriteBehind writes, InstantSource clock) {
        this.db = db;
        this.writes = writes;
        this.clock = clock;
    }

    @Override
    public Map<String, Memory> recall() {
        Map<String, ServiceRecord> services = db.read(c -> {
            Map<String, ServiceRecord> all = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT service, state, reason, ready, restarts, consecutive, crash_times, "
                    + "healthy_since, next_start FROM services"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ServiceRecord r = new ServiceRecord(rs.getString(1), state(rs.getString(2)), rs.getString(3), rs.getInt(4) != 0,
                            rs.getInt(5), rs.getInt(6), instants(rs.getString(7)), instant(rs, 8), instant(rs, 9));
                    all.put(r.service(), r);
                }
            }
            return all;
        });
        Map<String, List<ChildRecord>> children = db.read(c -> {
            Map<String, List<ChildRecord>> all = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT service, child, pid, start_ticks, boot_id, instance, notify_socket, "
                    + "spec_hash, sockets, started_at FROM children ORDER BY service, child"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String sockets = rs.getString(9);
                    ChildRecord r = new ChildRecord(rs.getString(1), rs.getString(2),
                            new ProcessIdentity(rs.getLong(3), rs.getLong(4), rs.getString(5)), rs.getString(6), rs.getString(7),
                            rs.getString(8), sockets == null || sockets.isBlank() ? List.of() : List.of(sockets.split("\n")),
                            Instant.ofEpochMilli(rs.getLong(10)));
                    all.computeIfAbsent(r.service(), k -> new ArrayList<>()).add(r);
                }
            }
            return all;
        });
        Map<String, Memory> memories = new HashMap<>();
        services.forEach((name, r) -> memories.put(name, new Memory(r, children.getOrDefault(name, List.of()))));
        children.forEach((name, cs) -> memories.putIfAbsent(name, new Memory(null, cs)));
        return memories;
    }

    @Override
    public void childUp(ChildRecord r) {
        writes.submit(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO children(service, child, pid, start_ticks, boot_id, "
                    + "instance, notify_socket, spec_hash, sockets, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, r.service());
                ps.setString(2, r.child());
                ps.setLong(3, r.identity().pid());
                ps.setLong(4, r.identity().startTicks());
                ps.setString(5, r.identity().bootId());
                ps.setString(6, r.instance());
                ps.setString(7, r.notifySocket());
                ps.setString(8, r.specHash());
                ps.setString(9, String.join("\n", r.sockets()));
                ps.setLong(10, r.startedAt().toEpochMilli());
                ps.executeUpdate();
            }
        });
    }

    @Override
    public void childGone(String service, String child, long pid) {
        writes.submit(c -> {
            // Only that pid: a newer spawn of the same child may already be recorded.
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM children WHERE service = ? AND child = ? AND pid = ?")) {
                ps.setString(1, service);
                ps.setString(2, child);
                ps.setLong(3, pid);
                ps.executeUpdate();
            }
        });
    }

    @Override
    public void service(ServiceRecord r) {
        long now = clock.millis();
        writes.submit(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO services(service, state, reason, ready, restarts, "
                    + "consecutive, crash_times, healthy_since, next_start, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, r.service());
                ps.setString(2, r.state().name());
                ps.setString(3, r.reason());
                ps.setInt(4, r.ready() ? 1 : 0);
                ps.setInt(5, r.restarts());
                ps.setInt(6, r.consecutive());
                ps.setString(7, r.crashTimes().stream().map(i -> String.valueOf(i.toEpochMilli())).collect(Collectors.joining(",")));
                setInstant(ps, 8, r.healthySince());
                setInstant(ps, 9, r.nextStart());
                ps.setLong(10, now);
                ps.executeUpdate();
            }
        });
    }

    @Override
    public void forget(String service) {
        writes.submit(c -> {
            for (String table : List.of("children", "services")) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE service = ?")) {
                    ps.setString(1, service);
                    ps.executeUpdate();
                }
            }
        });
    }

    private static ServiceState state(String name) {
        try {
            return ServiceState.valueOf(name);
        } catch (IllegalArgumentException e) {
            return ServiceState.OFFLINE; // a state this vigil does not know: remember nothing of it
        }
    }

    private static List<Instant> instants(String text) {
        if (text == null || text.isBlank()) return List.of();
        return Arrays.stream(text.split(",")).map(t -> Instant.ofEpochMilli(Long.parseLong(t.trim()))).toList();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    private static void setInstant(PreparedStatement ps, int column, Instant i) throws SQLException {
        if (i == null) ps.setNull(column, Types.INTEGER);
        else ps.setLong(column, i.toEpochMilli());
    }
}
