package dev.vigil.engine.task;

import dev.vigil.engine.model.TaskRecord;
import dev.vigil.engine.model.TaskState;
import dev.vigil.engine.os.ProcessIdentity;
import dev.vigil.engine.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code tasks} table: one row per task id, rewritten at each transition. {@link #save} is
 * durable when it returns ({@link Database#write}).
 */
final class TaskStore {

    /** A row: the record, the identity of its running process, and when its timeout falls due. */
    record Row(TaskRecord task, ProcessIdentity process, Instant deadline) {}

    private static final String UPSERT = "INSERT OR REPLACE INTO tasks(id, template, params, state, run, exit_code, exit_signal, error, output,"
            + " submitted_at, started_at, finished_at, pid, start_ticks, boot_id, deadline) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    private final Database db;

    TaskStore(Database db) {
        this.db = db;
    }

    void save(Row row) {
        db.write(c -> {
            try (PreparedStatement s = c.prepareStatement(UPSERT)) {
                TaskRecord t = row.task();
                s.setString(1, t.id());
                s.setString(2, t.template());
                s.setString(3, ParamsJson.write(t.params()));
                s.setString(4, t.state().name());
                s.setInt(5, t.run());
                setInt(s, 6, t.exitCode());
                setInt(s, 7, t.exitSignal());
                s.setString(8, t.error());
                s.setString(9, String.join("\n", t.output()));
                s.setLong(10, t.submittedAt().toEpochMilli());
                setLong(s, 11, millis(t.startedAt()));
                setLong(s, 12, millis(t.finishedAt()));
                setLong(s, 13, t.pid());
                ProcessIdentity p = row.process();
                setLong(s, 14, p == null ? null : p.startTicks());
                s.setString(15, p == null ? null : p.bootId());
                setLong(s, 16, millis(row.deadline()));
                s.executeUpdate();
            }
        });
    }

    List<Row> load() {
        return db.read(c -> {
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id, template, params, state, run, exit_code, exit_signal, error, output,"
                    + " submitted_at, started_at, finished_at, pid, start_ticks, boot_id, deadline FROM tasks ORDER BY id");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) rows.add(row(rs));
            }
            return rows;
        });
    }

    private static Row row(ResultSet rs) throws SQLException {
        String output = rs.getString(9);
        Long pid = getLong(rs, 13);
        Long ticks = getLong(rs, 14);
        TaskRecord t = new TaskRecord(rs.getString(1), rs.getString(2), ParamsJson.read(rs.getString(3)), TaskState.valueOf(rs.getString(4)),
                rs.getInt(5), getInt(rs, 6), getInt(rs, 7), rs.getString(8), output.isEmpty() ? List.of() : output.lines().toList(),
                Instant.ofEpochMilli(rs.getLong(10)), instant(getLong(rs, 11)), instant(getLong(rs, 12)), pid);
        ProcessIdentity p = pid != null && ticks != null ? new ProcessIdentity(pid, ticks, rs.getString(15)) : null;
        return new Row(t, p, instant(getLong(rs, 16)));
    }

    private static Long millis(Instant i) {
        return i == null ? null : i.toEpochMilli();
    }

    private static Instant instant(Long ms) {
        return ms == null ? null : Instant.ofEpochMilli(ms);
    }

    private static void setInt(PreparedStatement s, int i, Integer v) throws SQLException {
        if (v == null) s.setNull(i, Types.INTEGER);
        else s.setInt(i, v);
    }

    private static void setLong(PreparedStatement s, int i, Long v) throws SQLException {
        if (v == null) s.setNull(i, Types.INTEGER);
        else s.setLong(i, v);
    }

    private static Integer getInt(ResultSet rs, int i) throws SQLException {
        int v = rs.getInt(i);
        return rs.wasNull() ? null : v;
    }

    private static Long getLong(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }
}
