package dev.vigil.engine.os;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * One sd_notify datagram, parsed: newline-separated {@code KEY=VALUE} assignments as in
 * {@code sd_notify(3)}.
 *
 * <p>{@code fields} keeps every well-formed assignment in the order of first appearance; a later
 * duplicate replaces the value. Unknown keys are kept (systemd ignores them too). A line that is not
 * valid UTF-8, has no {@code =}, has a key outside {@code [A-Z_][A-Z0-9_]*}, or carries a bad number
 * for a numeric key ({@code EXTEND_TIMEOUT_USEC}, {@code WATCHDOG_USEC}, {@code ERRNO},
 * {@code MAINPID}) goes to {@code malformed} instead, shown escaped and shortened for a log line.
 * Empty lines are skipped. {@code senderPid} is the pid of the sender's SCM_CREDENTIALS (0 when
 * absent); {@code fdsReceived} counts the fds that came with it (already closed by the receiver).
 */
public record NotifyMessage(long senderPid, Map<String, String> fields, List<String> malformed, int fdsReceived) {

    private static final Pattern KEY = Pattern.compile("[A-Z_][A-Z0-9_]*");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");
    private static final int SHOWN_CHARS = 200;
    private static final List<String> NUMERIC_KEYS = List.of("EXTEND_TIMEOUT_USEC", "WATCHDOG_USEC", "ERRNO", "MAINPID");

    public NotifyMessage {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        malformed = List.copyOf(malformed);
    }

    /** Parses the first {@code len} bytes of {@code data}. */
    public static NotifyMessage parse(byte[] data, int len, long senderPid, int fds) {
        Objects.checkFromIndexSize(0, len, data.length);
        Map<String, String> fields = new LinkedHashMap<>();
        List<String> malformed = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= len; i++) {
            if (i == len || data[i] == '\n') {
                if (i > start) line(data, start, i, fields, malformed);
                start = i + 1;
            }
        }
        return new NotifyMessage(senderPid, fields, malformed, fds);
    }

    private static void line(byte[] data, int from, int to, Map<String, String> fields, List<String> malformed) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, from, to - from))
                    .toString();
        } catch (CharacterCodingException e) {
            malformed.add(shown(new String(data, from, to - from, StandardCharsets.UTF_8)));
            return;
        }
        int eq = text.indexOf('=');
        if (eq <= 0 || text.indexOf('\0') >= 0 || !KEY.matcher(text.substring(0, eq)).matches()) {
            malformed.add(shown(text));
            return;
        }
        String key = text.substring(0, eq);
        String value = text.substring(eq + 1);
        if (NUMERIC_KEYS.contains(key) && number(key, value).isEmpty()) {
            malformed.add(shown(text));
            return;
        }
        fields.put(key, value);
    }

    /** The value of a numeric key when it is in range: usecs ≥ 0, errno ≥ 0 and an int, a pid ≥ 1 and an int. */
    private static OptionalLong number(String key, String value) {
        if (value == null || !DIGITS.matcher(value).matches()) return OptionalLong.empty();
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
        return switch (key) {
            case "ERRNO" -> n <= Integer.MAX_VALUE ? OptionalLong.of(n) : OptionalLong.empty();
            case "MAINPID" -> n >= 1 && n <= Integer.MAX_VALUE ? OptionalLong.of(n) : OptionalLong.empty();
            default -> OptionalLong.of(n);
        };
    }

    /** Control characters escaped (a datagram must not forge log lines), shortened to 200 chars. */
    private static String shown(String line) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        for (; i < line.length() && b.length() < SHOWN_CHARS; i++) {
            char c = line.charAt(i);
            if (c < 0x20 || c == 0x7f) b.append(String.format("\\x%02x", (int) c));
            else b.append(c);
        }
        if (i < line.length()) b.append('…');
        return b.toString();
    }

    private boolean is(String key, String value) {
        return value.equals(fields.get(key));
    }

    private OptionalLong numeric(String key) {
        return number(key, fields.get(key));
    }

    /** {@code READY=1}: the service finished starting up. */
    public boolean ready() {
        return is("READY", "1");
    }

    /** {@code STATUS=}: free text for status displays. */
    public Optional<String> status() {
        return Optional.ofNullable(fields.get("STATUS"));
    }

    /** {@code STOPPING=1}: the service is shutting down. */
    public boolean stopping() {
        return is("STOPPING", "1");
    }

    /** {@code RELOADING=1}: the service is reloading its configuration. */
    public boolean reloading() {
        return is("RELOADING", "1");
    }

    /** {@code WATCHDOG=1}: a watchdog keep-alive ping. */
    public boolean watchdog() {
        return is("WATCHDOG", "1");
    }

    /** {@code WATCHDOG=trigger}: the service asks to be treated as if its watchdog had expired. */
    public boolean watchdogTrigger() {
        return is("WATCHDOG", "trigger");
    }

    /** {@code EXTEND_TIMEOUT_USEC=}: the current start-up (or stop) timeout is extended to this from now. */
    public Optional<Duration> extendTimeout() {
        OptionalLong n = numeric("EXTEND_TIMEOUT_USEC");
        return n.isPresent() ? Optional.of(Duration.of(n.getAsLong(), ChronoUnit.MICROS)) : Optional.empty();
    }

    /** {@code WATCHDOG_USEC=}: the service changes its own watchdog interval. */
    public Optional<Duration> watchdogUsec() {
        OptionalLong n = numeric("WATCHDOG_USEC");
        return n.isPresent() ? Optional.of(Duration.of(n.getAsLong(), ChronoUnit.MICROS)) : Optional.empty();
    }

    /** {@code ERRNO=}: the errno-style reason for a failure. */
    public OptionalInt errno() {
        OptionalLong n = numeric("ERRNO");
        return n.isPresent() ? OptionalInt.of((int) n.getAsLong()) : OptionalInt.empty();
    }

    /** {@code MAINPID=}: the service's main process is now this pid. */
    public OptionalLong mainPid() {
        return numeric("MAINPID");
    }

    /** {@code BARRIER=1}: the sender waits until the fd it passed along is closed (the receiver does that at once). */
    public boolean barrier() {
        return is("BARRIER", "1");
    }
}
