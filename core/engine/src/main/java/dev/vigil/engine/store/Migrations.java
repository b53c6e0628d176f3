package dev.vigil.engine.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The schema's forward migrations, {@code V1.sql}, {@code V2.sql}, … beside this class: version N
 * is reached by running every script up to N in order. A released script is never edited; a change
 * is a new script.
 */
final class Migrations {

    private Migrations() {}

    /** The scripts in order; the schema version is their count. */
    static List<String> scripts() {
        List<String> all = new ArrayList<>();
        for (int v = 1; ; v++) {
            try (InputStream in = Migrations.class.getResourceAsStream("V" + v + ".sql")) {
                if (in == null) return all;
                all.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The statements of one script, split at semicolons that end a line. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : script.split("\n")) {
            String t = line.strip();
            if (t.startsWith("--") || t.isEmpty()) continue;
            cur.append(line).append('\n');
            if (t.endsWith(";")) {
                out.add(cur.toString());
                cur.setLength(0);
            }
        }
        if (!cur.toString().isBlank()) out.add(cur.toString());
        return out;
    }
}
