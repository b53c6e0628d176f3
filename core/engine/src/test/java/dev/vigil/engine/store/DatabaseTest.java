package dev.vigil.engine.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

    @TempDir
    Path dir;

    @Test
    void freshFile_isMigratedToTheNewestSchemaInWalMode() throws Exception {
        Path f = dir.resolve("vigil.db");
        try (Database db = Database.open(f)) {
            int version = db.read(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertEquals(Database.schemaVersion(), version);
            assertTrue(version > 0);
            String mode = db.read(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                    rs.next();
                    return rs.getString(1);
                }
            });
            assertEquals("wal", mode.toLowerCase());
            assertTrue(db.answers(Duration.ofSeconds(1)));
        }
    }

    @Test
    void reopening_keepsWhatWasWritten() {
        Path f = dir.resolve("vigil.db");
        try (Database db = Database.open(f)) {
            db.write(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("INSERT INTO services(service, state, updated_at) VALUES ('a', 'READY', 1)");
                }
            });
        }
        try (Database db = Database.open(f)) {
            String state = db.read(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT state FROM services WHERE service = 'a'")) {
                    return rs.next() ? rs.getString(1) : null;
                }
            });
            assertEquals("READY", state);
        }
    }

    @Test
    void newerSchema_isRefusedAndLeftUntouched() throws Exception {
        Path f = dir.resolve("vigil.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = 999");
        }
        byte[] before = Files.readAllBytes(f);
        String m = assertThrows(StoreException.class, () -> Database.open(f)).getMessage();
        assertTrue(m.contains("schema 999") && m.contains("newer vigil") && m.contains(f.toString()), m);
        assertArrayEquals(before, Files.readAllBytes(f));
    }

    @Test
    void garbageFile_isRefusedAsCorrupt() throws Exception {
        Path f = dir.resolve("vigil.db");
        byte[] junk = new byte[8192];
        new java.util.Random(7).nextBytes(junk);
        Files.write(f, junk);
        String m = assertThrows(StoreException.class, () -> Database.open(f)).getMessage();
        assertTrue(m.contains("corrupt") && m.contains(f.toString()), m);
        assertArrayEquals(junk, Files.readAllBytes(f));
    }

    @Test
    void fileLockedByAnotherWriter_isRefusedAsLocked() throws Exception {
        Path f = dir.resolve("vigil.db");
        Database.open(f).close();
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + f); Statement s = other.createStatement()) {
            s.execute("PRAGMA locking_mode = EXCLUSIVE");
            s.execute("BEGIN EXCLUSIVE");
            String m = assertThrows(StoreException.class, () -> Database.open(f)).getMessage();
            assertTrue(m.contains("locked"), m);
            s.execute("ROLLBACK");
        }
    }

    @Test
    void writeBehind_flushMakesEverySubmittedChangeDurable() {
        Path f = dir.resolve("vigil.db");
        try (Database db = Database.open(f); WriteBehind wb = new WriteBehind(db)) {
            for (int i = 0; i < 1000; i++) {
                String name = "s" + i;
                wb.submit(c -> {
                    try (var ps = c.prepareStatement("INSERT INTO services(service, state, updated_at) VALUES (?, 'READY', 1)")) {
                        ps.setString(1, name);
                        ps.executeUpdate();
                    }
                });
            }
            wb.flush().join();
            int n = db.read(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM services")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertEquals(1000, n);
        }
    }
}
