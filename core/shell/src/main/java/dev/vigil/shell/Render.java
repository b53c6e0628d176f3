package dev.vigil.shell;

import dev.vigil.api.json.Views;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * How services and events look on a terminal. Colors only on a terminal and never with {@code
 * NO_COLOR} set.
 */
final class Render {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private final boolean color;
    private final Instant now;

    Render(boolean color, Instant now) {
        this.color = color;
        this.now = now;
    }

    static Render forTerminal() {
        boolean tty = System.console() != null && System.console().isTerminal();
        return new Render(tty && System.getenv("NO_COLOR") == null, Instant.now());
    }

    /** A table of services, one line each, columns aligned. */
    String table(List<Views.Service> services) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "STATE", "PID", "SINCE", "RESTARTS", "REASON"});
        for (Views.Service s : services) {
            String reason = s.reason() == null ? "" : s.reason();
            if (s.statusText() != null) reason += (reason.isEmpty() ? "" : "; ") + "status: " + s.statusText();
            if (s.nextStart() != null) reason += " (restart in " + age(Instant.now(), Instant.parse(s.nextStart())) + ")";
            rows.add(new String[] {s.name(), s.state(), s.pid() == null ? "-" : s.pid().toString(),
                    s.since() == null ? "-" : age(Instant.parse(s.since()), now), String.valueOf(s.restarts()), reason});
        }
        int[] width = new int[6];
        for (String[] r : rows) {
            for (int i = 0; i < 5; i++) width[i] = Math.max(width[i], r[i].length());
        }
        StringBuilder sb = new StringBuilder();
        for (int n = 0; n < rows.size(); n++) {
            String[] r = rows.get(n);
            for (int i = 0; i < 6; i++) {
                String cell = i == 5 ? r[i] : pad(r[i], width[i]);
                sb.append(i == 1 && n > 0 ? paint(r[1], cell) : cell);
                if (i < 5) sb.append("  ");
            }
            sb.append('\n');
        }
        return sb.toString();
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
