package dev.vigil.shell;

import dev.vigil.api.json.Views;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * How services and events look on a terminal. Colors only when asked ({@link Screen} decides: a
 * terminal, and no {@code NO_COLOR}).
 */
final class Render {

    /** The states in which a service counts as ready in the prompt: those {@code start} succeeds on. */
    static final List<String> UP = List.of("READY", "SERVING", "IDLE", "COMPLETED");

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private final boolean color;
    private final Instant now;
    private final IntSupplier width;

    /** Never cuts a line to fit. */
    Render(boolean color, Instant now) {
        this(color, now, () -> 0);
    }

    /** {@code width} gives the terminal's columns when a table is drawn (0: do not cut). */
    Render(boolean color, Instant now, IntSupplier width) {
        this.color = color;
        this.now = now;
        this.width = width;
    }

    /** For this process's stdout (see {@link Screen#detect}). */
    static Render forTerminal() {
        return Screen.detect().render();
    }

    /** A table of services, sized to this render's width. */
    String table(List<Views.Service> services) {
        return table(services, width.getAsInt());
    }

    /**
     * A table of services, one line each, columns aligned. With {@code width > 0} (a terminal's
     * columns) REASON is cut to fit, ending in {@code …}; the other columns are never cut.
     */
    String table(List<Views.Service> services, int width) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "STATE", "PID", "SINCE", "RESTARTS", "REASON"});
        for (Views.Service s : services) {
            String reason = s.reason() == null ? "" : s.reason();
            if (s.statusText() != null) reason += (reason.isEmpty() ? "" : "; ") + "status: " + s.statusText();
            if (s.nextStart() != null) reason += " (restart in " + age(Instant.now(), Instant.parse(s.nextStart())) + ")";
            if (s.specChanged()) reason = "declaration changed: restart to apply; " + reason;
            rows.add(new String[] {s.name(), s.state(), s.pid() == null ? "-" : s.pid().toString(),
                    s.since() == null ? "-" : age(Instant.parse(s.since()), now), String.valueOf(s.restarts()), reason});
        }
        int[] widths = new int[6];
        int before = 0;
        for (int i = 0; i < 5; i++) {
            for (String[] r : rows) widths[i] = Math.max(widths[i], r[i].length());
            before += widths[i] + 2;
        }
        // The last column is left free (a full line wraps early on some terminals). A terminal
        // narrower than the fixed columns wraps anyway: keep a readable start of the reason.
        int room = width > 0 ? Math.max(width - 1 - before, 12) : Integer.MAX_VALUE;
        StringBuilder sb = new StringBuilder();
        for (int n = 0; n < rows.size(); n++) {
            String[] r = rows.get(n);
            for (int i = 0; i < 6; i++) {
                String cell = i == 5 ? cut(r[i], room) : pad(r[i], widths[i]);
                sb.append(i == 1 && n > 0 ? paint(r[1], cell) : cell);
                if (i < 5) sb.append("  ");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** {@code 4/6 ready}: services that reached what {@code start} waits for, of all; colored by the worst. */
    String readyCount(List<Views.Service> services) {
        long up = services.stream().filter(s -> UP.contains(s.state())).count();
        boolean broken = services.stream().anyMatch(s -> List.of("CRASHED", "FAILED", "UNHEALTHY").contains(s.state()));
        String text = up + "/" + services.size() + " ready";
        return paint(up == services.size() ? "READY" : broken ? "FAILED" : "STARTING", text);
    }

    private static String cut(String s, int room) {
        return s.length() <= room ? s : s.substring(0, room - 1) + "\u2026";
    }

    /** {@code 12:00:01.123  web  READY -> CRASHED  killed by signal KILL  (pid 42)}. */
    String eventLine(Views.EventView e) {
        String time = LocalTime.ofInstant(Instant.parse(e.time()), ZoneId.systemDefault()).format(TIME);
        String who = e.child() == null ? e.service() : e.service() + "/" + e.child();
        String line = time + "  " + who + "  " + e.from() + " -> " + paint(e.to(), e.to());
        if (e.cause() != null) line += "  " + e.cause();
        if (e.pid() != null) line += "  (pid " + e.pid() + ")";
        return line;
    }

    /** {@code 12:00:01.123  task migrate:v3 (migrate) run 1  RUNNING -> COMPLETED  exit 0}. */
    String taskLine(Views.TaskEventView e) {
        String time = LocalTime.ofInstant(Instant.parse(e.time()), ZoneId.systemDefault()).format(TIME);
        Views.Task t = e.task();
        String line = time + "  task " + t.id() + " (" + t.template() + ") run " + t.run() + "  " + (e.from() == null ? "new" : e.from()) + " -> "
                + paint(t.state(), t.state());
        if (t.error() != null) line += "  " + t.error();
        else if (t.exitCode() != null) line += "  exit " + t.exitCode();
        if (t.state().equals("RUNNING") && t.pid() != null) line += "  (pid " + t.pid() + ")";
        return line;
    }

    private String paint(String state, String text) {
        if (!color) return text;
        String code = switch (state) {
            case "READY", "SERVING", "COMPLETED" -> "32";
            case "STARTING", "WARMING", "STOPPING" -> "33";
            case "CRASHED", "FAILED", "UNHEALTHY" -> "31";
            case "IDLE", "OFFLINE" -> "2";
            default -> null;
        };
        return code == null ? text : "\u001b[" + code + "m" + text + "\u001b[0m";
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }

    /** A short human duration between two instants: {@code 850ms}, {@code 12s}, {@code 3m4s}, {@code 2h5m}, {@code 3d}. */
    static String age(Instant from, Instant to) {
        Duration d = Duration.between(from, to);
        if (d.isNegative()) d = Duration.ZERO;
        if (d.toMillis() < 1000) return d.toMillis() + "ms";
        if (d.toSeconds() < 60) return d.toSeconds() + "s";
        if (d.toMinutes() < 60) return d.toMinutes() + "m" + d.toSecondsPart() + "s";
        if (d.toHours() < 48) return d.toHours() + "h" + d.toMinutesPart() + "m";
        return d.toDays() + "d";
    }
}
