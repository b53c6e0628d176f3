package dev.vigil.emulators;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small command-line parser: {@code --name value}, {@code --name=value}, switches, and flags
 * whose value is optional ({@code --fail-load [RC]}). Underscores in names count as dashes, so the
 * real servers' spellings ({@code --model_arch}) work too.
 */
final class Flags {
    /** A usage error: the caller prints the message and exits 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String msg) { super(msg); }
    }

    enum Arg { NONE, REQUIRED, OPTIONAL_INT }

    record Spec(String name, List<String> aliases, Arg arg, String meta, String help) {}

    private final String kind;
    private final Map<String, Spec> specs = new LinkedHashMap<>();
    private final Map<String, Spec> byName = new LinkedHashMap<>();
    private final Map<String, String> values = new LinkedHashMap<>();

    Flags(String kind) { this.kind = kind; }

    /** The flags every kind takes (PROVIDERS.md §6.1); each kind adds its own. */
    static Flags common(String kind, String flavors) {
        return new Flags(kind)
                .flag("--help", "print this help and exit", "-h")
                .value("--port", "PORT", "port to bind (required; 0 = any free port)")
                .value("--host", "HOST", "address to bind (default 127.0.0.1)")
                .value("--flavor", "F", "wire format to reproduce: " + flavors)
                .value("--bind-delay", "D", "wait D before listen(); connections are refused meanwhile")
                .value("--load-delay", "D", "time spent loading the model")
                .flag("--no-model", "come up ready-but-empty (the provider's idle form)")
                .optionalInt("--fail-load", "RC", "fail the model load after --load-delay, as the real server does")
                .value("--fail-rc", "N", "exit code for --fail-load (implies --fail-load)")
                .value("--crash-after", "D", "D after becoming ready, die abruptly (default: SIGKILL)")
                .value("--crash-rc", "N", "with --crash-after: exit with status N (e.g. 1, 134, 139)")
                .value("--crash-signal", "SIG", "with --crash-after: die by signal SIG (KILL, SEGV, ABRT, ...)")
                .value("--hang-after", "D", "D after becoming ready, stop serving per --hang-mode; stay alive")
                .value("--hang-mode", "M", "accept-silent | no-accept | health-ok-infer-hang | health-503 | slow-health[:D]")
                .value("--completion-time", "D", "how long each inference request takes (default 0)")
                .flag("--log-ready", "print the real server's ready line to stderr");
    }

    Flags flag(String name, String help, String... aliases) { return add(name, Arg.NONE, null, help, aliases); }

    Flags value(String name, String meta, String help, String... aliases) {
        return add(name, Arg.REQUIRED, meta, help, aliases);
    }

    Flags optionalInt(String name, String meta, String help) { return add(name, Arg.OPTIONAL_INT, meta, help); }

    private Flags add(String name, Arg arg, String meta, String help, String... aliases) {
        Spec s = new Spec(name, List.of(aliases), arg, meta, help);
        specs.put(name, s);
        byName.put(name, s);
        for (String a : aliases) byName.put(a, s);
        return this;
    }

    Flags parse(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("-") || a.equals("-") || a.equals("--")) {
                throw new UsageException("unexpected argument '" + a + "'");
            }
            String inline = null;
            int eq = a.indexOf('=');
            if (eq > 0) {
                inline = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            String name = a.startsWith("--") ? "--" + a.substring(2).replace('_', '-') : a;
            Spec s = byName.get(name);
            if (s == null) throw new UsageException("unknown flag " + a + " for " + kind + " (see --help)");
            String v;
            switch (s.arg()) {
                case NONE -> {
                    if (inline != null) throw new UsageException(s.name() + " takes no value");
                    v = "";
                }
                case REQUIRED -> {
                    if (inline != null) v = inline;
                    else if (i + 1 < args.size()) v = args.get(++i);
                    else throw new UsageException(s.name() + " needs a value (" + s.meta() + ")");
                }
                default -> {
                    if (inline != null) v = inline;
                    else if (i + 1 < args.size() && args.get(i + 1).matches("-?\\d+")) v = args.get(++i);
                    else v = "";
                }
            }
            values.put(s.name(), v);
        }
        return this;
    }

    boolean has(String name) { return values.containsKey(name); }

    String str(String name, String dflt) { return values.getOrDefault(name, dflt); }

    int integer(String name, int dflt) {
        String v = values.get(name);
        if (v == null || v.isEmpty()) return dflt;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(name + ": not an integer: '" + v + "'");
        }
    }

    Duration duration(String name, Duration dflt) {
        String v = values.get(name);
        return v == null ? dflt : parseDuration(name, v);
    }

    List<String> list(String name) {
        List<String> out = new ArrayList<>();
        String v = values.get(name);
        if (v != null) for (String p : v.split(",")) if (!p.isBlank()) out.add(p.trim());
        return out;
    }

    String oneOf(String name, String dflt, List<String> allowed) {
        String v = values.getOrDefault(name, dflt);
        for (String a : allowed) if (a.equalsIgnoreCase(v)) return a;
        throw new UsageException(name + ": '" + v + "' is not one of " + String.join(", ", allowed));
    }

    /** {@code 3s}, {@code 500ms}, {@code 2m}, {@code 1h}, or a bare number of seconds ({@code 1.5}). */
    static Duration parseDuration(String name, String v) {
        String s = v.trim().toLowerCase();
        try {
            double n;
            long unitNanos;
            if (s.endsWith("ms")) { n = Double.parseDouble(s.substring(0, s.length() - 2)); unitNanos = 1_000_000L; }
            else if (s.endsWith("s")) { n = Double.parseDouble(s.substring(0, s.length() - 1)); unitNanos = 1_000_000_000L; }
            else if (s.endsWith("m")) { n = Double.parseDouble(s.substring(0, s.length() - 1)); unitNanos = 60_000_000_000L; }
            else if (s.endsWith("h")) { n = Double.parseDouble(s.substring(0, s.length() - 1)); unitNanos = 3_600_000_000_000L; }
            else { n = Double.parseDouble(s); unitNanos = 1_000_000_000L; }
            if (n < 0 || Double.isNaN(n) || Double.isInfinite(n)) throw new NumberFormatException();
            return Duration.ofNanos((long) (n * unitNanos));
        } catch (NumberFormatException e) {
            throw new UsageException(name + ": not a duration: '" + v + "' (use e.g. 3s, 500ms, 2m, 1.5)");
        }
    }

    /** 3s, 500ms, 1.5s, 2m: for log lines. */
    static String show(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) return ms + "ms";
        if (ms % 3_600_000 == 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0) return ms / 60_000 + "m";
        return (ms % 1000 == 0 ? Long.toString(ms / 1000) : Double.toString(ms / 1000.0)) + "s";
    }

    String help(String usage) {
        StringBuilder sb = new StringBuilder(usage).append("\n\nFlags:\n");
        for (Spec s : specs.values()) {
            String left = s.name();
            for (String a : s.aliases()) left += ", " + a;
            if (s.arg() == Arg.REQUIRED) left += " " + s.meta();
            if (s.arg() == Arg.OPTIONAL_INT) left += " [" + s.meta() + "]";
            sb.append(String.format("  %-30s %s%n", left, s.help()));
        }
        return sb.toString();
    }
}
