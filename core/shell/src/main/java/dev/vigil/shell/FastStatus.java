package dev.vigil.shell;

import dev.vigil.api.client.ControlClient;
import dev.vigil.api.json.Views;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code vigil status} without the command model: the launcher's entry point for {@code status}, so
 * that the most frequent question answers in a fraction of the time of a full start (no picocli
 * model, no Jackson, no engine classes: the JDK, {@link ControlClient}, {@link Views}' records and
 * {@link Render}).
 *
 * <p>It takes only the plain forms of {@code status [NAME] [-o table|json] [--socket PATH]}; for
 * anything else (help, an unknown option, a repeated one, an {@code @file}, a document it does not
 * expect) it hands the whole command line to {@link Main}, which then behaves exactly as without
 * this class. Output and exit codes are {@link StatusCommand}'s and {@link Main}'s.
 */
public final class FastStatus {

    private FastStatus() {}

    public static void main(String[] args) {
        int code;
        try {
            code = run(args, System.out, System.err);
        } catch (Delegate d) {
            Main.main(args);
            return;
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(code);
    }

    /** This path does not take the command line or the answer: {@link Main} does it all. */
    static final class Delegate extends RuntimeException {
        Delegate() {
            super(null, null, false, false);
        }
    }

    /**
     * Runs {@code status}, writing to {@code out} and {@code err} (UTF-8, as picocli's writers do).
     *
     * @return the exit code
     * @throws Delegate when {@link Main} must run the command instead
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Args a = Args.parse(args);
        ClientOptions options = new ClientOptions();
        options.socket = a.socket;
        ControlClient.Response r;
        try {
            r = options.client().send("GET", a.name == null ? "/v1/services" : "/v1/services/" + enc(a.name), null);
        } catch (ControlClient.Unreachable e) {
            print(err, "vigil: " + e.getMessage() + "\n");
            return ExitCodes.UNREACHABLE;
        } catch (IOException | RuntimeException e) {
            print(err, "vigil: " + e + "\n"); // as Main's handler words any other failure
            return ExitCodes.FAILED;
        }
        if (r.status() >= 400) {
            print(err, "vigil: " + errorMessage(r.body()) + "\n");
            return r.status() == 404 ? ExitCodes.NOT_FOUND : r.status() == 400 ? ExitCodes.USAGE : ExitCodes.FAILED;
        }
        if (a.json) {
            print(out, r.body() + "\n");
            return ExitCodes.OK;
        }
        List<Views.Service> services;
        String table;
        try {
            Object doc = new Reader(r.body()).document();
            services = a.name == null ? services(doc) : List.of(service(doc));
            table = Render.forTerminal().table(services);
        } catch (RuntimeException unexpected) {
            throw new Delegate();
        }
        print(out, table);
        return ExitCodes.OK;
    }

    private static void print(PrintStream to, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        to.write(bytes, 0, bytes.length);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** {@link Api#check}'s message: the error document's {@code error.message}, else the raw body. */
    static String errorMessage(String body) {
        Object doc;
        try {
            doc = new Reader(body).document();
        } catch (RuntimeException notJson) {
            return body;
        }
        if (doc instanceof Map<?, ?> m && m.get("error") instanceof Map<?, ?> e && e.containsKey("message")) {
            Object message = e.get("message");
            if (message instanceof String s) return s;
            throw new Delegate(); // a message that is not a string: let Jackson say it
        }
        return body;
    }

    // ---------------------------------------------------------------------------------------------
    // The command line

    /** What {@code status} was asked, in the forms this path takes. */
    static final class Args {
        String name;
        Path socket;
        boolean json;

        static Args parse(String[] args) {
            if (args.length == 0 || !args[0].equals("status")) throw new Delegate();
            Args a = new Args();
            boolean sawSocket = false, sawOutput = false, sawName = false, positionalOnly = false;
            for (int i = 1; i < args.length; i++) {
                String arg = args[i];
                if (arg.startsWith("@")) throw new Delegate(); // picocli's argument files
                if (positionalOnly || !arg.startsWith("-")) {
                    if (sawName || arg.isEmpty()) throw new Delegate();
                    sawName = true;
                    a.name = arg;
                    continue;
                }
                String value;
                if (arg.equals("--")) {
                    positionalOnly = true;
                } else if (arg.equals("--socket") || arg.startsWith("--socket=")) {
                    if (sawSocket) throw new Delegate();
                    sawSocket = true;
                    if (arg.equals("--socket")) {
                        if (i + 1 >= args.length) throw new Delegate();
                        value = args[++i];
                    } else {
                        value = arg.substring("--socket=".length());
                    }
                    if (value.isEmpty() || value.startsWith("-") || value.startsWith("@")) throw new Delegate();
                    a.socket = Path.of(value);
                } else if (arg.equals("-o") || arg.equals("--output") || arg.startsWith("-o") || arg.startsWith("--output=")) {
                    if (sawOutput) throw new Delegate();
                    sawOutput = true;
                    if (arg.equals("-o") || arg.equals("--output")) {
                        if (i + 1 >= args.length) throw new Delegate();
                        value = args[++i];
                    } else if (arg.startsWith("--output=")) {
                        value = arg.substring("--output=".length());
                    } else if (arg.startsWith("-o=")) {
                        value = arg.substring(3);
                    } else {
                        value = arg.substring(2);
                    }
                    switch (value) {
                        case "json" -> a.json = true;
                        case "table" -> a.json = false;
                        default -> throw new Delegate();
                    }
                } else {
                    throw new Delegate(); // --help, --version, anything unknown
                }
            }
            return a;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The documents, as Jackson would bind them (Json.mapper(): snake_case, unknown fields ignored)

    static List<Views.Service> services(Object doc) {
        if (!(doc instanceof List<?> list)) throw new Delegate();
        List<Views.Service> out = new ArrayList<>(list.size());
        for (Object o : list) out.add(service(o));
        return out;
    }

    static Views.Service service(Object doc) {
        if (!(doc instanceof Map<?, ?> m)) throw new Delegate();
        List<Views.Child> children = null;
        if (m.get("children") instanceof List<?> list) {
            children = new ArrayList<>(list.size());
            for (Object o : list) {
                if (!(o instanceof Map<?, ?> c)) throw new Delegate();
                children.add(new Views.Child(str(c, "name"), str(c, "state"), lng(c, "pid")));
            }
        } else if (m.get("children") != null) {
            throw new Delegate();
        }
        Views.Exit exit = null;
        if (m.get("last_exit") instanceof Map<?, ?> e) {
            Long signal = lng(e, "signal");
            exit = new Views.Exit(num(e, "code"), signal == null ? null : Math.toIntExact(signal), str(e, "signal_name"), str(e, "text"));
        } else if (m.get("last_exit") != null) {
            throw new Delegate();
        }
        List<String> waitingFor = null;
        if (m.get("waiting_for") instanceof List<?> list) {
            waitingFor = new ArrayList<>(list.size());
            for (Object o : list) {
                if (o != null && !(o instanceof String)) throw new Delegate();
                waitingFor.add((String) o);
            }
        } else if (m.get("waiting_for") != null) {
            throw new Delegate();
        }
        Object changed = m.get("spec_changed");
        if (changed != null && !(changed instanceof Boolean)) throw new Delegate();
        return new Views.Service(str(m, "name"), str(m, "state"), lng(m, "pid"), children, str(m, "since"), num(m, "restarts"), exit,
                str(m, "reason"), str(m, "next_start"), str(m, "readiness"), str(m, "status_text"), waitingFor, Boolean.TRUE.equals(changed));
    }

    private static String str(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v == null || v instanceof String) return (String) v;
        throw new Delegate();
    }

    private static Long lng(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v == null) return null;
        if (v instanceof Num n) return Long.parseLong(n.text);
        throw new Delegate();
    }

    private static int num(Map<?, ?> m, String key) {
        Long v = lng(m, key);
        return v == null ? 0 : Math.toIntExact(v);
    }

    /** An integer as written (anything else, such as {@code 1.5} or {@code 1e3}, is left to Jackson). */
    record Num(String text) {}

    /**
     * A small JSON reader: objects become {@link HashMap}s, arrays {@link ArrayList}s, integers {@link
     * Num}s, {@code true}/{@code false} {@link Boolean}s, {@code null} null. The first value is the
     * document; what follows it is ignored (as {@code ObjectMapper.readTree} does). Any error is a
     * {@link Delegate}.
     */
    static final class Reader {
        private final String s;
        private int i;

        Reader(String s) {
            this.s = s;
        }

        Object document() {
            ws();
            if (i >= s.length()) throw new Delegate();
            return value();
        }

        private Object value() {
            ws();
            if (i >= s.length()) throw new Delegate();
            char c = s.charAt(i);
            switch (c) {
                case '{' -> {
                    i++;
                    Map<String, Object> m = new HashMap<>();
                    ws();
                    if (peek() == '}') {
                        i++;
                        return m;
                    }
                    while (true) {
                        ws();
                        if (peek() != '"') throw new Delegate();
                        String key = string();
                        ws();
                        expect(':');
                        m.put(key, value());
                        ws();
                        char n = next();
                        if (n == '}') return m;
                        if (n != ',') throw new Delegate();
                    }
                }
                case '[' -> {
                    i++;
                    List<Object> l = new ArrayList<>();
                    ws();
                    if (peek() == ']') {
                        i++;
                        return l;
                    }
                    while (true) {
                        l.add(value());
                        ws();
                        char n = next();
                        if (n == ']') return l;
                        if (n != ',') throw new Delegate();
                    }
                }
                case '"' -> {
                    return string();
                }
                case 't' -> {
                    word("true");
                    return Boolean.TRUE;
                }
                case 'f' -> {
                    word("false");
                    return Boolean.FALSE;
                }
                case 'n' -> {
                    word("null");
                    return null;
                }
                default -> {
                    int start = i;
                    if (c == '-') i++;
                    int digits = i;
                    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
                    if (i == digits || i - digits > 18 || (s.charAt(digits) == '0' && i - digits > 1)) throw new Delegate();
                    if (i < s.length() && (s.charAt(i) == '.' || s.charAt(i) == 'e' || s.charAt(i) == 'E')) throw new Delegate();
                    return new Num(s.substring(start, i));
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder b = null;
            int start = i;
            while (true) {
                if (i >= s.length()) throw new Delegate();
                char c = s.charAt(i);
                if (c == '"') {
                    String out = b == null ? s.substring(start, i) : b.append(s, start, i).toString();
                    i++;
                    return out;
                }
                if (c < 0x20) throw new Delegate();
                if (c != '\\') {
                    i++;
                    continue;
                }
                if (b == null) b = new StringBuilder();
                b.append(s, start, i);
                i++;
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> b.append(e);
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'u' -> {
                        if (i + 4 > s.length()) throw new Delegate();
                        try {
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        } catch (NumberFormatException bad) {
                            throw new Delegate();
                        }
                        i += 4;
                    }
                    default -> throw new Delegate();
                }
                start = i;
            }
        }

        private void word(String w) {
            if (!s.startsWith(w, i)) throw new Delegate();
            i += w.length();
        }

        private void expect(char c) {
            if (next() != c) throw new Delegate();
        }

        private char next() {
            if (i >= s.length()) throw new Delegate();
            return s.charAt(i++);
        }

        private char peek() {
            return i < s.length() ? s.charAt(i) : 0;
        }

        private void ws() {
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return;
                i++;
            }
        }
    }
}
