package dev.vigil.dsl.toml;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Finds the word a mistyped one most likely meant, for "did you mean" hints. */
final class Spelling {

    /**
     * Names other tools use for the same thing. Edit distance alone gets these wrong: {@code cmd} is
     * one letter from {@code cwd} but means {@code command}.
     */
    private static final Map<String, String> SYNONYMS = Map.ofEntries(
            Map.entry("cmd", "command"),
            Map.entry("args", "command"),
            Map.entry("argv", "command"),
            Map.entry("exec", "command"),
            Map.entry("environment", "env"),
            Map.entry("dir", "cwd"),
            Map.entry("workdir", "cwd"),
            Map.entry("working_dir", "cwd"),
            Map.entry("directory", "cwd"),
            Map.entry("depends", "depends_on"),
            Map.entry("requires", "depends_on"),
            Map.entry("healthcheck", "probes"));

    private Spelling() {}

    /**
     * The candidate nearest to {@code typed}, if near enough to be a typo: at most 2 edits, and at
     * most a third of the typed length (at least 1), so that short words do not match everything.
     * Letter case is ignored; on a tie the earlier candidate wins.
     */
    static Optional<String> nearest(String typed, List<String> candidates) {
        String lower = typed.toLowerCase(Locale.ROOT);
        String synonym = SYNONYMS.get(lower);
        if (synonym != null && candidates.contains(synonym)) return Optional.of(synonym);
        int limit = Math.max(1, Math.min(2, typed.length() / 3));
        String best = null;
        int bestDistance = limit + 1;
        for (String candidate : candidates) {
            int d = distance(lower, candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Edits (insert, delete, substitute, swap two adjacent characters) that turn {@code a} into
     * {@code b}: the optimal string alignment distance.
     */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
