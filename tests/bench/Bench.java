// vigil's benchmark (issues 3, 4, 5 and 6, "Performance"). Launched by tests/bench/run as a single-file program:
//   java --enable-native-access=ALL-UNNAMED -cp "core/shell/target/dist/lib/*" tests/bench/Bench.java ROOT TMP ROWS
// It drives the built ./vigil with real processes and appends one tab-separated row per figure to
// ROWS (metric, target, measured, verdict); tests/bench/run prints them as a table.
// Progress and raw samples go to stderr. Every daemon it starts is stopped with SIGTERM.

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.api.client.ControlClient;
import dev.vigil.api.client.SseReader;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

public class Bench {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-watchdog");
        t.setDaemon(true);
        return t;
    });
    static final List<Process> DAEMONS = new CopyOnWriteArrayList<>();
    static final Set<String> RUNNING = Set.of("STARTING", "WARMING", "READY", "SERVING", "IDLE", "UNHEALTHY");

    static Path root, tmp, rows, javaBin;
    static final long POLL_PAUSE_NS = Long.parseLong(env("BENCH_POLL_PAUSE_US", "0")) * 1000;
    static long clkTck;
    static MethodHandle kill;

    public static void main(String[] args) throws Exception {
        root = Path.of(args[0]).toAbsolutePath();
        tmp = Path.of(args[1]).toAbsolutePath();
        rows = Path.of(args[2]).toAbsolutePath();
        javaBin = Path.of(ProcessHandle.current().info().command().orElse("java"));
        clkTck = Long.parseLong(env("BENCH_CLK_TCK", "100"));
        try {
            kill = Linker.nativeLinker().downcallHandle(Linker.nativeLinker().defaultLookup().find("kill").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        } catch (Throwable t) {
            log("FFM kill(2) unavailable (" + t + "); using ProcessHandle.destroyForcibly()");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(Bench::stopAllDaemons, "bench-cleanup"));
        String only = env("BENCH_ONLY", "crash,readiness,scale,startup,providers,cli,hooks,tasks,adopt");
        for (String phase : only.split(",")) {
            try {
                switch (phase.trim()) {
                    case "crash" -> crashPhase();
                    case "readiness" -> readinessPhase();
                    case "scale" -> scalePhase();
                    case "startup" -> startupPhase();
                    case "providers" -> providersPhase();
                    case "cli" -> cliStatusPhase();
                    case "hooks" -> hooksPhase();
                    case "tasks" -> tasksPhase();
                    case "adopt" -> adoptPhase();
                    default -> log("unknown phase " + phase);
                }
            } catch (Exception e) {
                log("phase " + phase + " failed: " + e);
                e.printStackTrace();
                row(phase + ": phase failed", "-", oneLine(e.toString()), "MISSED");
            } finally {
                stopAllDaemons();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // 1 + 2: kill -9 -> CRASHED on an open SSE stream; kill -> respawn

    static final String RESTARTING_SERVICE = """
            command = ["sleep", "100000"]
            restart = "always"
            [backoff]
            initial = "0s"
            max_restarts = 1000000
            window = "1s"
            jitter = 0.0
            """;

    static void crashPhase() throws Exception {
        int reps = Integer.parseInt(env("BENCH_CRASH_REPS", "50"));
        int warmup = Integer.parseInt(env("BENCH_CRASH_WARMUP", "5"));
        Path dir = tmp.resolve("k");
        Files.createDirectories(dir.resolve("services"));
        Files.writeString(dir.resolve("services/s.toml"), RESTARTING_SERVICE);
        Process d = startDaemon(launcher(dir), dir, Map.of(), tmp.resolve("k.log"));
        ControlClient c = new ControlClient(dir.resolve(".vigil/control.sock"));
        awaitReadyz(c, d, Duration.ofSeconds(30));
        Crashes r = crashReps(c, "s", reps, warmup);
        String n = " (n=" + reps + ")";
        row("kill -9 -> CRASHED event on SSE client, p50" + n, "<= 5 ms", fmt(p(r.sse, 50)), verdict(p(r.sse, 50) <= 5));
        row("kill -9 -> CRASHED event on SSE client, p99" + n, "<= 20 ms", fmt(p(r.sse, 99)), verdict(p(r.sse, 99) <= 20));
        row("  (info) kill -> CRASHED event's own time, p50 / p99", "-", fmt(p(r.detect, 50)) + " / " + fmt(p(r.detect, 99)), "info");
        row("respawn: CRASHED.time -> STARTING.time, p50", "<= 20 ms", fmt(p(r.crashToStart, 50)), verdict(p(r.crashToStart, 50) <= 20));
        row("respawn: CRASHED.time -> STARTING.time, p99", "<= 20 ms", fmt(p(r.crashToStart, 99)), verdict(p(r.crashToStart, 99) <= 20));
        row("respawn: kill -> READY.time (new process spawned), p50", "<= 20 ms", fmt(p(r.killToReady, 50)), verdict(p(r.killToReady, 50) <= 20));
        row("respawn: kill -> READY.time (new process spawned), p99", "<= 20 ms", fmt(p(r.killToReady, 99)), verdict(p(r.killToReady, 99) <= 20));
        row("respawn: kill -> new pid in GET /v1/services/s, p50", "<= 20 ms", fmt(p(r.killToPid, 50)), verdict(p(r.killToPid, 50) <= 20));
        row("respawn: kill -> new pid in GET /v1/services/s, p99", "<= 20 ms", fmt(p(r.killToPid, 99)), verdict(p(r.killToPid, 99) <= 20));
        stopDaemon(d, Duration.ofSeconds(30));
    }

    record Crashes(double[] sse, double[] detect, double[] crashToStart, double[] killToReady, double[] killToPid) {}

    /**
     * {@code reps} measured kills (after {@code warmup} unmeasured ones) of service {@code name}, which
     * must restart at once, on one event stream opened beforehand. Each kill waits for the respawn's
     * READY and then a short gap.
     */
    static Crashes crashReps(ControlClient c, String name, int reps, int warmup) throws Exception {
        long gapMs = Long.parseLong(env("BENCH_CRASH_GAP_MS", "100"));
        ControlClient.Stream st = c.open("GET", "/v1/events", null);
        if (st.status() != 200) throw new IOException("GET /v1/events: " + st.status());
        SseReader sse = new SseReader(st.body());
        SseReader.Sse first = guarded(st, Duration.ofSeconds(10), sse::next);
        if (first == null || !first.event().equals("snapshot")) throw new IOException("no snapshot first: " + first);
        long pid = awaitServicePid(c, name, -1, Duration.ofSeconds(10));
        Crashes r = new Crashes(new double[reps], new double[reps], new double[reps], new double[reps], new double[reps]);
        for (int i = -warmup; i < reps; i++) {
            Thread.sleep(gapMs);
            final long old = pid;
            Instant wall = Instant.now();
            long t0 = System.nanoTime();
            sigkill(old);
            JsonNode crashed = awaitTransition(st, sse, e -> e.path("service").asText().equals(name)
                    && e.path("to").asText().equals("CRASHED") && e.path("pid").asLong() == old, Duration.ofSeconds(10));
            long t1 = System.nanoTime();
            pid = awaitServicePid(c, name, old, Duration.ofSeconds(10));
            long t2 = System.nanoTime();
            long crashedSeq = crashed.path("seq").asLong();
            JsonNode starting = awaitTransition(st, sse, e -> e.path("service").asText().equals(name)
                    && e.path("seq").asLong() > crashedSeq && e.path("to").asText().equals("STARTING"), Duration.ofSeconds(10));
            JsonNode ready = awaitTransition(st, sse, e -> e.path("service").asText().equals(name)
                    && e.path("seq").asLong() > crashedSeq && e.path("to").asText().equals("READY"), Duration.ofSeconds(10));
            Instant crashedAt = Instant.parse(crashed.path("time").asText());
            Instant startingAt = Instant.parse(starting.path("time").asText());
            Instant readyAt = Instant.parse(ready.path("time").asText());
            if (i < 0) {
                log(String.format(Locale.ROOT, "%s crash warm-up %d: kill->CRASHED on SSE %.2f ms, kill->new pid %.2f ms", name,
                        i + warmup + 1, ms(t1 - t0), ms(t2 - t0)));
                continue;
            }
            if (ms(Duration.between(wall, readyAt).toNanos()) > 15) {
                log(String.format(Locale.ROOT, "%s slow respawn #%d: kill->CRASHED.time %.2f, ->STARTING.time %.2f, ->READY.time %.2f,"
                        + " CRASHED on SSE %.2f, new pid in GET %.2f ms", name, i + 1, ms(Duration.between(wall, crashedAt).toNanos()),
                        ms(Duration.between(wall, startingAt).toNanos()), ms(Duration.between(wall, readyAt).toNanos()), ms(t1 - t0), ms(t2 - t0)));
            }
            r.sse[i] = ms(t1 - t0);
            r.killToPid[i] = ms(t2 - t0);
            r.detect[i] = ms(Duration.between(wall, crashedAt).toNanos());
            r.crashToStart[i] = ms(Duration.between(crashedAt, startingAt).toNanos());
            r.killToReady[i] = ms(Duration.between(wall, readyAt).toNanos());
        }
        st.close();
        log(name + ": kill->CRASHED on SSE, in order (ms): " + inOrder(r.sse));
        log(name + ": kill->READY.time, in order (ms): " + inOrder(r.killToReady));
        log(name + ": kill->CRASHED on SSE (ms): " + samples(r.sse));
        log(name + ": kill->CRASHED.time  (ms): " + samples(r.detect));
        log(name + ": CRASHED.time->STARTING.time (ms): " + samples(r.crashToStart));
        log(name + ": kill->READY.time of respawn (ms): " + samples(r.killToReady));
        log(name + ": kill->new pid in GET (ms): " + samples(r.killToPid));
        return r;
    }

    /** The next transition of the service as a whole (child null) matching {@code match}. */
    static JsonNode awaitTransition(ControlClient.Stream st, SseReader sse, Predicate<JsonNode> match, Duration timeout) throws Exception {
        return guarded(st, timeout, () -> {
            while (true) {
                SseReader.Sse e = sse.next();
                if (e == null) throw new IOException("event stream ended");
                if (!e.event().equals("transition")) continue;
                JsonNode n = JSON.readTree(e.data());
                if (!n.path("child").isNull() && !n.path("child").isMissingNode()) continue;
                if (match.test(n)) return n;
            }
        });
    }

    /** Polls GET /v1/services/NAME in a tight loop until it shows a running pid other than {@code old}. */
    static long awaitServicePid(ControlClient c, String name, long old, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean first = true;
        while (System.nanoTime() < deadline) {
            if (!first && POLL_PAUSE_NS > 0) LockSupport.parkNanos(POLL_PAUSE_NS);
            first = false;
            ControlClient.Response r = c.send("GET", "/v1/services/" + name, null);
            if (r.status() == 200) {
                JsonNode n = JSON.readTree(r.body());
                if (!n.path("pid").isNull() && n.path("pid").asLong() != old && RUNNING.contains(n.path("state").asText())) {
                    return n.path("pid").asLong();
                }
            }
        }
        throw new IOException("service " + name + " shows no new pid within " + timeout);
    }

    static void sigkill(long pid) throws IOException {
        if (kill != null) {
            int rc;
            try {
                rc = (int) kill.invokeExact((int) pid, 9);
            } catch (Throwable t) {
                throw new IOException("kill(" + pid + ", SIGKILL): " + t, t);
            }
            if (rc != 0) throw new IOException("kill(" + pid + ", SIGKILL) failed");
        } else {
            ProcessHandle.of(pid).orElseThrow(() -> new IOException("no process " + pid)).destroyForcibly();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // 5-7 (issue 4): marker creat() -> READY on SSE; READY=1 datagram -> READY on SSE;
    // vigil start NAME returns after the service's own ready moment, port accepting

    static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    /**
     * The service of the {@code vigil start} runs: after 0.2 s it binds and listens on 127.0.0.1:PORT,
     * then sends READY=1 to $NOTIFY_SOCKET and writes the time of that send (time.time_ns(), taken
     * just before sendto) to FILE (through a rename, so the bench never reads half of it).
     */
    static final String READY_SERVER = """
            import os, socket, sys, time
            time.sleep(0.2)
            srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            srv.bind(("127.0.0.1", int(sys.argv[1])))
            srv.listen(16)
            n = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            t = time.time_ns()
            n.sendto(b"READY=1", os.environ["NOTIFY_SOCKET"])
            with open(sys.argv[2] + ".tmp", "w") as f:
                f.write(str(t))
            os.rename(sys.argv[2] + ".tmp", sys.argv[2])
            held = []
            while True:
                held.append(srv.accept()[0])
            """;

    static String readyService(String command, String readiness) {
        return command + "\n" + """
                restart = "always"
                ready_timeout = "10m"
                [backoff]
                initial = "0s"
                max_restarts = 1000000
                window = "1s"
                jitter = 0.0
                [readiness]
                """ + readiness + "\n";
    }

    static void readinessPhase() throws Exception {
        int reps = Integer.parseInt(env("BENCH_READY_REPS", "50"));
        int warmup = Integer.parseInt(env("BENCH_READY_WARMUP", "5"));
        int cliRuns = Integer.parseInt(env("BENCH_CLI_RUNS", "20"));
        Path dir = tmp.resolve("r");
        Files.createDirectories(dir.resolve("services"));
        Path fifo = dir.resolve("fifo-sn");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        if (mk.waitFor() != 0) throw new IOException("mkfifo " + fifo + " failed");
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path readyAt = dir.resolve("w.ready-at");
        Files.writeString(dir.resolve("srv.py"), READY_SERVER);
        Files.writeString(dir.resolve("services/mk.toml"), readyService("command = [\"sh\", \"-c\", \"exec sleep 100000\"]", "marker = true"));
        Files.writeString(dir.resolve("services/nt.toml"), readyService("command = [\"sh\", \"-c\", \"exec sleep 100000\"]", "notify = true"));
        Files.writeString(dir.resolve("services/sn.toml"), readyService(
                "command = [\"sh\", \"-c\", \"read x < " + fifo + "; systemd-notify --ready; exec sleep 100000\"]", "notify = true"));
        Files.writeString(dir.resolve("services/w.toml"), "command = [" + quote(PYTHON) + ", " + quote(dir.resolve("srv.py").toString())
                + ", \"" + port + "\", " + quote(readyAt.toString()) + "]\n" + """
                autostart = false
                sockets = ["tcp://127.0.0.1:%d"]
                [readiness]
                notify = true
                """.formatted(port));
        Process d = startDaemon(launcher(dir), dir, Map.of(), tmp.resolve("r.log"));
        Path sock = dir.resolve(".vigil/control.sock");
        ControlClient c = new ControlClient(sock);
        awaitReadyz(c, d, Duration.ofSeconds(30));
        String n = " (n=" + reps + ")";

        // 5: marker
        Path marker = dir.resolve(".vigil/ready/mk/.ready");
        ReadyReps m = readyReps(c, "mk", reps, warmup, () -> () -> Files.createFile(marker));
        row("marker creat() -> READY event on SSE client, p50" + n, "<= 5 ms", fmt(p(m.sse, 50)), verdict(p(m.sse, 50) <= 5));
        row("marker creat() -> READY event on SSE client, p99" + n, "-", fmt(p(m.sse, 99)), "info");
        row("  (info) marker creat() -> READY event's own time, p50 / p99", "-", fmt(p(m.own, 50)) + " / " + fmt(p(m.own, 99)), "info");

        // 6: READY=1 from the bench itself (one sendto(2) through FFM), then from systemd-notify
        Datagram dg = new Datagram(dir.resolve(".vigil/notify/nt.main.sock"), "READY=1");
        ReadyReps nt;
        try {
            nt = readyReps(c, "nt", reps, warmup, () -> dg::send);
        } finally {
            dg.close();
        }
        row("READY=1 datagram (bench's sendto) -> READY event on SSE client, p50" + n, "<= 5 ms", fmt(p(nt.sse, 50)),
                verdict(p(nt.sse, 50) <= 5));
        row("READY=1 datagram (bench's sendto) -> READY event on SSE client, p99" + n, "-", fmt(p(nt.sse, 99)), "info");
        row("  (info) READY=1 sendto -> READY event's own time, p50 / p99", "-", fmt(p(nt.own, 50)) + " / " + fmt(p(nt.own, 99)), "info");
        if (!env("BENCH_SYSTEMD_NOTIFY", "1").equals("0")) {
            ReadyReps sn = readyReps(c, "sn", reps, warmup, () -> {
                OutputStream go = openFifo(fifo, Duration.ofSeconds(10));
                return () -> {
                    go.write("go\n".getBytes(StandardCharsets.US_ASCII));
                    go.close();
                };
            });
            row("  (info) go-signal -> sh runs systemd-notify --ready -> READY event on SSE, p50 / p99" + n, "-",
                    fmt(p(sn.sse, 50)) + " / " + fmt(p(sn.sse, 99)), "info");
        }

        // 7: vigil start NAME
        cliRuns(c, sock, port, readyAt, cliRuns);
        stopDaemon(d, Duration.ofSeconds(30));
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    record ReadyReps(double[] sse, double[] own) {}

    interface Signal {
        void fire() throws Exception;
    }

    /** Prepares what is not timed (e.g. opening the FIFO, which waits for its reader) and returns the timed part. */
    interface Armer {
        Signal arm() throws Exception;
    }

    /**
     * {@code reps} measured (after {@code warmup} unmeasured) fresh spawns of service {@code name}: each
     * restarts it ({@code POST .../restart?wait=false}), waits until the new process shows in
     * {@code GET /v1/services/NAME} (spawned, so its marker was removed and its notify socket bound),
     * pauses, then times {@code signal} -> the READY transition on one event stream opened beforehand.
     */
    static ReadyReps readyReps(ControlClient c, String name, int reps, int warmup, Armer armer) throws Exception {
        long gapMs = Long.parseLong(env("BENCH_READY_GAP_MS", "100"));
        ControlClient.Stream st = c.open("GET", "/v1/events", null);
        if (st.status() != 200) throw new IOException("GET /v1/events: " + st.status());
        SseReader sse = new SseReader(st.body());
        SseReader.Sse first = guarded(st, Duration.ofSeconds(10), sse::next);
        if (first == null || !first.event().equals("snapshot")) throw new IOException("no snapshot first: " + first);
        ReadyReps r = new ReadyReps(new double[reps], new double[reps]);
        long old = -1;
        for (int i = -warmup; i < reps; i++) {
            ControlClient.Response resp = c.send("POST", "/v1/services/" + name + "/restart?wait=false", null);
            if (resp.status() != 202) throw new IOException("POST /v1/services/" + name + "/restart?wait=false: " + resp.status() + " " + resp.body());
            awaitTransition(st, sse, e -> e.path("service").asText().equals(name) && e.path("to").asText().equals("STARTING"),
                    Duration.ofSeconds(10));
            final long pid = awaitServiceState(c, name, "STARTING", old, Duration.ofSeconds(10));
            Thread.sleep(gapMs);
            Signal signal = armer.arm();
            Instant wall = Instant.now();
            long t0 = System.nanoTime();
            signal.fire();
            JsonNode ready = awaitTransition(st, sse, e -> e.path("service").asText().equals(name)
                    && e.path("to").asText().equals("READY"), Duration.ofSeconds(10));
            long t1 = System.nanoTime();
            if (ready.path("pid").asLong() != pid) log(name + ": READY names pid " + ready.path("pid") + ", the spawn was " + pid);
            old = pid;
            double own = ms(Duration.between(wall, Instant.parse(ready.path("time").asText())).toNanos());
            if (i < 0) {
                log(String.format(Locale.ROOT, "%s warm-up %d: signal -> READY on SSE %.2f ms (own time %.2f ms)", name, i + warmup + 1,
                        ms(t1 - t0), own));
                continue;
            }
            r.sse[i] = ms(t1 - t0);
            r.own[i] = own;
        }
        st.close();
        log(name + ": signal -> READY on SSE, in order (ms): " + inOrder(r.sse));
        log(name + ": signal -> READY on SSE (ms): " + samples(r.sse));
        log(name + ": signal -> READY.time (ms): " + samples(r.own));
        return r;
    }

    /** Polls GET /v1/services/NAME until it shows {@code state} with a pid other than {@code old}. */
    static long awaitServiceState(ControlClient c, String name, String state, long old, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode n = null;
        while (System.nanoTime() < deadline) {
            ControlClient.Response r = c.send("GET", "/v1/services/" + name, null);
            if (r.status() == 200) {
                n = JSON.readTree(r.body());
                if (!n.path("pid").isNull() && n.path("pid").asLong() != old && n.path("state").asText().equals(state)) {
                    return n.path("pid").asLong();
                }
            }
            LockSupport.parkNanos(200_000);
        }
        throw new IOException("service " + name + " not " + state + " with a new pid within " + timeout + "; last: " + n);
    }

    static final ExecutorService OPENER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bench-fifo");
        t.setDaemon(true);
        return t;
    });

    /** Opens a FIFO for writing, which blocks until a reader opens it; gives up (unblocking the open) after {@code timeout}. */
    static OutputStream openFifo(Path fifo, Duration timeout) throws Exception {
        CompletableFuture<OutputStream> f = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.newOutputStream(fifo, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, OPENER);
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            try (var unblock = Files.newInputStream(fifo)) {
                f.get(1, TimeUnit.SECONDS).close();
            } catch (Exception ignored) {
            }
            throw new IOException("no reader opened " + fifo + " within " + timeout);
        }
    }

    /** One AF_UNIX datagram socket of the bench, sending one fixed message to one path with sendto(2), through FFM. */
    static final class Datagram implements AutoCloseable {
        static final Linker L = Linker.nativeLinker();
        static final MethodHandle SOCKET = L.downcallHandle(L.defaultLookup().find("socket").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        static final MethodHandle SENDTO = L.downcallHandle(L.defaultLookup().find("sendto").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
                Linker.Option.captureCallState("errno"));
        static final MethodHandle CLOSE = L.downcallHandle(L.defaultLookup().find("close").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        static final long ERRNO = Linker.Option.captureStateLayout().byteOffset(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
        final Arena arena = Arena.ofShared();
        final MemorySegment msg, addr, state;
        final int fd, addrLen;
        final long msgLen;
        final Path path;

        Datagram(Path path, String message) throws IOException {
            this.path = path;
            byte[] p = path.toString().getBytes(StandardCharsets.UTF_8);
            if (p.length > 107) throw new IOException("socket path too long: " + path);
            addr = arena.allocate(110);
            addr.set(ValueLayout.JAVA_SHORT, 0, (short) 1); // AF_UNIX
            MemorySegment.copy(p, 0, addr, ValueLayout.JAVA_BYTE, 2, p.length);
            addrLen = 2 + p.length + 1;
            byte[] m = message.getBytes(StandardCharsets.US_ASCII);
            msg = arena.allocate(m.length);
            MemorySegment.copy(m, 0, msg, ValueLayout.JAVA_BYTE, 0, m.length);
            msgLen = m.length;
            state = arena.allocate(Linker.Option.captureStateLayout());
            int s;
            try {
                s = (int) SOCKET.invokeExact(1, 2 | 0x80000, 0); // AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC
            } catch (Throwable t) {
                throw new IOException("socket(AF_UNIX, SOCK_DGRAM): " + t, t);
            }
            if (s < 0) throw new IOException("socket(AF_UNIX, SOCK_DGRAM) failed");
            fd = s;
        }

        void send() throws IOException {
            long n;
            try {
                n = (long) SENDTO.invokeExact(state, fd, msg, msgLen, 0, addr, addrLen);
            } catch (Throwable t) {
                throw new IOException("sendto: " + t, t);
            }
            if (n != msgLen) throw new IOException("sendto " + path + ": " + n + ", errno " + state.get(ValueLayout.JAVA_INT, ERRNO));
        }

        @Override
        public void close() {
            try {
                int rc = (int) CLOSE.invokeExact(fd);
            } catch (Throwable t) {
                log("close(" + fd + "): " + t);
            }
            arena.close();
        }
    }

    /**
     * {@code runs} times: {@code ./vigil start w} as a process; when it exits, connect() to the port at
     * once; compare the exit instant with the service's own READY=1 send instant; then stop w.
     */
    static void cliRuns(ControlClient c, Path sock, int port, Path readyAt, int runs) throws Exception {
        double[] afterReady = new double[runs], wall = new double[runs], toEvent = new double[runs], eventToExit = new double[runs];
        double[] launchToReady = new double[runs];
        int connected = 0, measured = 0, failed = 0;
        Path cliLog = tmp.resolve("cli.log");
        for (int i = 0; i < runs; i++) {
            Files.deleteIfExists(readyAt);
            ProcessBuilder pb = new ProcessBuilder(root.resolve("vigil").toString(), "start", "w", "--socket", sock.toString())
                    .directory(tmp.toFile());
            pb.environment().put("VIGIL_SKIP_BUILD", "1");
            pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            pb.redirectErrorStream(true);
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(cliLog.toFile()));
            Thread.sleep(200);
            Instant launchWall = Instant.now();
            long l0 = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("vigil start w did not return within 60 s");
            }
            Instant exitWall = Instant.now();
            long l1 = System.nanoTime();
            boolean ok;
            try (SocketChannel ch = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                ok = true;
            } catch (IOException e) {
                ok = false;
                log("vigil start run " + (i + 1) + ": connect to 127.0.0.1:" + port + " failed: " + e);
            }
            if (ok) connected++;
            int rc = p.exitValue();
            // The service wrote its send instant right after the send; wait for it briefly.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (!Files.exists(readyAt) && System.nanoTime() < deadline) LockSupport.parkNanos(1_000_000);
            JsonNode s = JSON.readTree(c.send("GET", "/v1/services/w", null).body());
            wall[i] = ms(l1 - l0);
            if (rc != 0 || !Files.exists(readyAt) || !s.path("state").asText().equals("READY")) {
                failed++;
                log("vigil start run " + (i + 1) + ": exit " + rc + ", state " + s.path("state").asText() + ", reason " + s.path("reason").asText()
                        + ", ready-at file " + (Files.exists(readyAt) ? "present" : "missing") + " (see " + cliLog + ")");
                afterReady[i] = toEvent[i] = eventToExit[i] = launchToReady[i] = Double.NaN;
            } else {
                Instant sent = Instant.ofEpochSecond(0, Long.parseLong(Files.readString(readyAt).trim()));
                Instant readyTime = Instant.parse(s.path("since").asText());
                afterReady[i] = ms(Duration.between(sent, exitWall).toNanos());
                toEvent[i] = ms(Duration.between(sent, readyTime).toNanos());
                eventToExit[i] = ms(Duration.between(readyTime, exitWall).toNanos());
                launchToReady[i] = ms(Duration.between(launchWall, sent).toNanos());
                measured++;
                log(String.format(Locale.ROOT, "vigil start run %d: launch -> READY=1 sent %.1f ms -> READY.time %.2f ms -> CLI exited %.2f ms"
                        + " (ready -> exit %.2f ms; wall %.0f ms); connect %s", i + 1, launchToReady[i], toEvent[i], eventToExit[i], afterReady[i],
                        wall[i], ok ? "ok" : "REFUSED"));
            }
            ControlClient.Response stop = c.send("POST", "/v1/services/w/stop", null);
            if (stop.status() != 200 || !JSON.readTree(stop.body()).path("state").asText().equals("OFFLINE")) {
                throw new IOException("POST /v1/services/w/stop: " + stop.status() + " " + stop.body());
            }
        }
        double[] a = Arrays.stream(afterReady).filter(x -> !Double.isNaN(x)).toArray();
        double[] e1 = Arrays.stream(toEvent).filter(x -> !Double.isNaN(x)).toArray();
        double[] e2 = Arrays.stream(eventToExit).filter(x -> !Double.isNaN(x)).toArray();
        double[] lr = Arrays.stream(launchToReady).filter(x -> !Double.isNaN(x)).toArray();
        log("vigil start: READY=1 sent -> CLI exited (ms): " + samples(a));
        log("vigil start: whole wall time (ms): " + samples(wall));
        String n = " (n=" + measured + (failed > 0 ? " of " + runs : "") + ")";
        if (a.length == 0) {
            row("vigil start NAME: returns after the service's READY=1, p50", "<= 10 ms", "no run succeeded", "MISSED");
        } else {
            row("vigil start NAME: service's READY=1 sent -> CLI exited, p50" + n, "<= 10 ms", fmt(p(a, 50)), verdict(p(a, 50) <= 10));
            row("vigil start NAME: service's READY=1 sent -> CLI exited, p99" + n, "<= 10 ms", fmt(p(a, 99)), verdict(p(a, 99) <= 10));
            row("  (info) of which READY=1 sent -> READY.time / READY.time -> CLI exited, p50", "-",
                    fmt(p(e1, 50)) + " / " + fmt(p(e2, 50)), "info");
        }
        row("vigil start NAME: port accepts a connection when it returns", "100 %",
                String.format(Locale.ROOT, "%.0f %% (%d/%d)", 100.0 * connected / runs, connected, runs), verdict(connected == runs && failed == 0));
        row("  (info) vigil start NAME: whole wall time (launch -> exit), p50 / p99", "-",
                fmt(p(wall, 50)) + " / " + fmt(p(wall, 99)) + (lr.length == 0 ? "" : "; launch -> READY=1 sent p50 " + fmt(p(lr, 50))), "info");
    }

    // ---------------------------------------------------------------------------------------------
    // 3: 1000 services

    static void scalePhase() throws Exception {
        int count = Integer.parseInt(env("BENCH_SERVICES", "1000"));
        int idleSeconds = Integer.parseInt(env("BENCH_IDLE_SECONDS", "60"));
        int settleSeconds = Integer.parseInt(env("BENCH_SETTLE_SECONDS", "5"));
        Path dir = tmp.resolve("m");
        Files.createDirectories(dir.resolve("services"));
        // s0000 restarts at once when killed: used for kill -> CRASHED with all the others running.
        for (int i = 0; i < count; i++) {
            Files.writeString(dir.resolve(String.format("services/s%04d.toml", i)),
                    i == 0 ? RESTARTING_SERVICE : "command = [\"sleep\", \"100000\"]\n");
        }
        ControlClient c = new ControlClient(dir.resolve(".vigil/control.sock"));
        Instant wall0 = Instant.now();
        long t0 = System.nanoTime();
        Process d = startDaemon(launcher(dir), dir, Map.of(), tmp.resolve("m.log"));
        long pid = d.pid();

        // Watch the event stream from as early as it answers; count services whose last state is READY.
        ControlClient.Stream st = null;
        long deadline = t0 + TimeUnit.SECONDS.toNanos(120);
        Path sock = dir.resolve(".vigil/control.sock");
        while (true) {
            if (!d.isAlive()) throw new IOException("vigil exited with " + d.exitValue() + " (see " + tmp.resolve("m.log") + ")");
            if (System.nanoTime() > deadline) throw new IOException("control socket never accepted");
            try (var ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(sock));
                break;
            } catch (IOException e) {
                LockSupport.parkNanos(2_000_000);
            }
        }
        double acceptMs = ms(System.nanoTime() - t0);
        log(String.format(Locale.ROOT, "control socket accepts %.0f ms after exec", acceptMs));
        while (st == null) {
            if (!d.isAlive()) throw new IOException("vigil exited with " + d.exitValue() + " (see " + tmp.resolve("m.log") + ")");
            if (System.nanoTime() > deadline) throw new IOException("control socket never answered");
            try {
                ControlClient.Stream s = c.open("GET", "/v1/events", null);
                if (s.status() == 200) st = s;
                else s.close();
            } catch (IOException e) {
                LockSupport.parkNanos(2_000_000);
            }
        }
        double answerMs = ms(System.nanoTime() - t0);
        log(String.format(Locale.ROOT, "event stream answered %.0f ms after exec", answerMs));
        SseReader sse = new SseReader(st.body());
        Map<String, String> state = new HashMap<>();
        List<Double> lags = new ArrayList<>();
        int[] milestones = {1, count / 10, count / 4, count / 2, count * 3 / 4, count * 9 / 10};
        final ControlClient.Stream stream = st;
        long allReady = guarded(st, Duration.ofSeconds(120), () -> {
            int ready = 0;
            while (true) {
                SseReader.Sse e = sse.next();
                if (e == null) throw new IOException("event stream ended");
                if (e.event().equals("snapshot")) {
                    for (JsonNode s : JSON.readTree(e.data()).path("services")) state.put(s.path("name").asText(), s.path("state").asText());
                } else if (e.event().equals("transition")) {
                    JsonNode n = JSON.readTree(e.data());
                    lags.add(ms(Duration.between(Instant.parse(n.path("time").asText()), Instant.now()).toNanos()));
                    if (!n.path("child").isNull() && !n.path("child").isMissingNode()) continue;
                    state.put(n.path("service").asText(), n.path("to").asText());
                } else {
                    continue;
                }
                int was = ready;
                ready = (int) state.values().stream().filter("READY"::equals).count();
                if (ready >= count) return System.nanoTime();
                for (int m : milestones) {
                    if (was < m && ready >= m) log(String.format(Locale.ROOT, "%d READY at %.0f ms", m, ms(System.nanoTime() - t0)));
                }
            }
        });
        stream.close();
        double startAll = ms(allReady - t0);
        log(String.format(Locale.ROOT, "%d services READY %.0f ms after exec of vigil daemon", count, startAll));
        JsonNode list = JSON.readTree(c.send("GET", "/v1/services", null).body());
        long readyNow = 0;
        double[] since = new double[list.size()];
        int k = 0;
        for (JsonNode s : list) {
            if (s.path("state").asText().equals("READY")) readyNow++;
            since[k++] = ms(Duration.between(wall0, Instant.parse(s.path("since").asText())).toNanos());
        }
        log(String.format(Locale.ROOT, "READY as vigil records it (since), ms after exec: first %.0f, p10 %.0f, p50 %.0f, p90 %.0f, last %.0f",
                p(since, 0), p(since, 10), p(since, 50), p(since, 90), p(since, 100)));
        if (list.size() != count || readyNow != count) throw new IOException("GET /v1/services shows " + readyNow + "/" + list.size() + " READY");

        Thread.sleep(settleSeconds * 1000L);
        double[] lag = lags.stream().mapToDouble(Double::doubleValue).toArray();
        if (lag.length > 0) {
            log(String.format(Locale.ROOT, "start-up: %d transitions received; receipt - event time: p50 %.1f, p90 %.1f, max %.1f ms",
                    lag.length, p(lag, 50), p(lag, 90), p(lag, 100)));
        }
        long rss1 = rssKb(pid);
        log("vigil's threads by name: " + threadNames(pid));
        log("RSS after settling " + settleSeconds + " s: " + rssKb(pid) / 1024 + " MB; threads " + procStatus(pid, "Threads"));

        long cpu0 = cpuTicks(pid);
        long w0 = System.nanoTime();
        Thread.sleep(idleSeconds * 1000L);
        long cpu1 = cpuTicks(pid);
        long w1 = System.nanoTime();
        double idlePct = 100.0 * (cpu1 - cpu0) / clkTck / ((w1 - w0) / 1e9);
        log(String.format(Locale.ROOT, "idle CPU: %d ticks in %.1f s = %.3f %%", cpu1 - cpu0, (w1 - w0) / 1e9, idlePct));

        for (int i = 0; i < 20; i++) c.send("GET", "/v1/services", null);
        double[] gets = new double[100];
        int bodyLen = 0;
        for (int i = 0; i < gets.length; i++) {
            long a = System.nanoTime();
            ControlClient.Response r = c.send("GET", "/v1/services", null);
            gets[i] = ms(System.nanoTime() - a);
            if (r.status() != 200) throw new IOException("GET /v1/services: " + r.status());
            bodyLen = r.body().length();
        }
        log("GET /v1/services (ms, body " + bodyLen + " chars): " + samples(gets));
        long rss2 = rssKb(pid);
        int loadedReps = Integer.parseInt(env("BENCH_LOADED_CRASH_REPS", "20"));
        Crashes loaded = loadedReps > 0 ? crashReps(c, "s0000", loadedReps, 3) : null;

        row("1000 services: exec of vigil daemon -> all READY", "<= 10 s", String.format(Locale.ROOT, "%.2f s", startAll / 1000),
                verdict(startAll <= 10_000));
        row("  (info) start-up: socket accepts / SSE snapshot arrives / last READY recorded", "-",
                String.format(Locale.ROOT, "%.2f / %.2f / %.2f s", acceptMs / 1000, answerMs / 1000, p(since, 100) / 1000), "info");
        row("  (info) start-up: SSE delivery lag (receipt - event time), p50 / max", "-",
                lag.length == 0 ? "none seen (all READY in the snapshot)" : fmt(p(lag, 50)) + " / " + fmt(p(lag, 100)), "info");
        row("1000 services: vigil RSS after settling (" + settleSeconds + " s)", "<= 250 MB", mb(rss1), verdict(rss1 <= 250 * 1024));
        row("1000 services: idle CPU over " + idleSeconds + " s", "<= 1 % of a core", String.format(Locale.ROOT, "%.3f %%", idlePct),
                verdict(idlePct <= 1.0));
        row("1000 services: GET /v1/services, p50 of 100", "<= 20 ms", fmt(p(gets, 50)), verdict(p(gets, 50) <= 20));
        row("  (info) GET /v1/services p99 / response size", "-", fmt(p(gets, 99)) + " / " + bodyLen / 1024 + " KiB", "info");
        row("  (info) RSS after the 120 GETs", "<= 250 MB", mb(rss2), verdict(rss2 <= 250 * 1024));
        if (loaded != null) {
            row("  (info) kill -9 -> CRASHED on SSE with 1000 running, p50 / p99 (n=" + loadedReps + ")", "5 / 20 ms",
                    fmt(p(loaded.sse, 50)) + " / " + fmt(p(loaded.sse, 99)), verdict(p(loaded.sse, 50) <= 5 && p(loaded.sse, 99) <= 20));
            row("  (info) kill -> new pid in GET with 1000 running, p50 / p99", "20 / 20 ms",
                    fmt(p(loaded.killToPid, 50)) + " / " + fmt(p(loaded.killToPid, 99)), verdict(p(loaded.killToPid, 99) <= 20));
        }
        long stopMs = stopDaemon(d, Duration.ofSeconds(60));
        row("  (info) SIGTERM -> vigil exited, 1000 services", "-", String.format(Locale.ROOT, "%.2f s", stopMs / 1000.0), "info");
    }

    /** Thread names of a process (digits folded to #), most frequent first. */
    static String threadNames(long pid) {
        Map<String, Integer> n = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    n.merge(Files.readString(t.resolve("comm")).trim().replaceAll("[0-9]+", "#"), 1, Integer::sum);
                } catch (IOException gone) {
                }
            }
        } catch (IOException e) {
            return "?";
        }
        StringBuilder b = new StringBuilder();
        n.entrySet().stream().sorted((a, c) -> c.getValue() - a.getValue()).limit(8)
                .forEach(e -> b.append(e.getKey()).append(" x").append(e.getValue()).append(", "));
        return b.toString();
    }

    static long rssKb(long pid) throws IOException {
        return Long.parseLong(procStatus(pid, "VmRSS").replaceAll("[^0-9]", ""));
    }

    static String procStatus(long pid, String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(key + ":")) return line.substring(key.length() + 1).trim();
        }
        throw new IOException("no " + key + " in /proc/" + pid + "/status");
    }

    /** utime + stime of the whole process (all threads), in clock ticks. */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after "pid (comm) ": f[0] is field 3 (state); utime is field 14, stime field 15
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    // ---------------------------------------------------------------------------------------------
    // 4: vigil start -> /readyz 200

    static void startupPhase() throws Exception {
        int runs = Integer.parseInt(env("BENCH_STARTUP_RUNS", "5"));
        Path dir = tmp.resolve("s");
        Files.createDirectories(dir.resolve("services"));
        Files.writeString(dir.resolve("services/one.toml"), "command = [\"sleep\", \"100000\"]\n");
        Path jdk = javaBin.getParent().getParent();
        double[] launcher = startupRuns("launcher", launcher(dir), Map.of(), dir, runs);
        row("vigil start -> /readyz 200, median of " + runs + " (./vigil daemon)", "<= 1.5 s", fmt(p(launcher, 50)),
                verdict(p(launcher, 50) <= 1500));
        if (!env("BENCH_STARTUP_VARIANTS", "1").equals("0")) {
            double[] withHome = startupRuns("JAVA_HOME set", launcher(dir), Map.of("JAVA_HOME", jdk.toString()), dir, runs);
            List<String> direct = new ArrayList<>(List.of(javaBin.toString(), "--enable-native-access=ALL-UNNAMED",
                    "--sun-misc-unsafe-memory-access=allow", "-Dpolyglot.engine.WarnInterpreterOnly=false", "-XX:+UseSerialGC",
                    "-Xshare:auto", "-cp", root.resolve("core/shell/target/dist/lib") + "/*", "dev.vigil.shell.Main", "daemon",
                    dir.toString()));
            double[] javaOnly = startupRuns("java directly", direct, Map.of(), dir, runs);
            double[] spinning = startupRuns("launcher, prober spinning", launcher(dir), Map.of(), dir, runs, 0);
            row("  (info) same, ./vigil with JAVA_HOME=" + jdk.getFileName(), "-", fmt(p(withHome, 50)), "info");
            row("  (info) same, java ... dev.vigil.shell.Main daemon (no launcher)", "-", fmt(p(javaOnly, 50)), "info");
            row("  (info) same as the first, prober retrying with no pause", "<= 1.5 s", fmt(p(spinning, 50)), verdict(p(spinning, 50) <= 1500));
        }
    }

    static double[] startupRuns(String label, List<String> cmd, Map<String, String> env, Path dir, int runs) throws Exception {
        return startupRuns(label, cmd, env, dir, runs, Long.parseLong(env("BENCH_PROBE_PAUSE_US", "1000")) * 1000);
    }

    /**
     * Starts vigil {@code runs} times; each time probes /readyz until 200, pausing {@code pauseNs}
     * between refused probes (0: retry at once, which on 2 cores takes one from the starting JVM).
     */
    static double[] startupRuns(String label, List<String> cmd, Map<String, String> env, Path dir, int runs, long pauseNs) throws Exception {
        ControlClient c = new ControlClient(dir.resolve(".vigil/control.sock"));
        double[] out = new double[runs];
        for (int i = 0; i < runs; i++) {
            Thread.sleep(500);
            long t0 = System.nanoTime();
            Process d = startDaemon(cmd, dir, env, tmp.resolve("s.log"));
            long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
            long probes = 0;
            while (true) {
                probes++;
                try {
                    if (c.send("GET", "/readyz", null).status() == 200) break;
                } catch (IOException e) {
                    // refused, no socket yet, or closed mid-response: try again at once
                }
                if (System.nanoTime() > deadline) throw new IOException("/readyz never answered 200 (" + label + ")");
                if ((probes & 1023) == 0 && !d.isAlive()) throw new IOException("vigil exited with " + d.exitValue() + " (" + label + ")");
                if (pauseNs > 0) LockSupport.parkNanos(pauseNs);
            }
            out[i] = ms(System.nanoTime() - t0);
            log(String.format(Locale.ROOT, "startup (%s) run %d: %.1f ms, %d probes", label, i + 1, out[i], probes));
            stopDaemon(d, Duration.ofSeconds(30));
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------
    // issue 5: 50 llama-server provider probes every second, against one emulator outside vigil

    static void providersPhase() throws Exception {
        int count = Integer.parseInt(env("BENCH_PROVIDER_SERVICES", "50"));
        int seconds = Integer.parseInt(env("BENCH_PROVIDER_SECONDS", "30"));
        int settleSeconds = Integer.parseInt(env("BENCH_SETTLE_SECONDS", "5"));
        double intervalS = 1.0; // interval = "1s" in every service file below
        Path dir = tmp.resolve("p");
        Files.createDirectories(dir.resolve("services"));
        Path emulatorBin = root.resolve("examples/emulators/bin/emulator");
        if (!Files.isExecutable(emulatorBin)) throw new IOException("no emulator launcher at " + emulatorBin);
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        for (int i = 0; i < count; i++) {
            Files.writeString(dir.resolve(String.format("services/p%02d.toml", i)), """
                    command = ["sleep", "100000"]

                    [provider]
                    kind = "llama-server"
                    url = "http://127.0.0.1:%d"
                    interval = "1s"
                    """.formatted(port));
        }

        // One llama-server emulator (a JVM), started outside vigil; its working folder is under the temp
        // folder, so tests/bench/run's leftover check and exit trap see it too. One line per request on stdout.
        Path emuOut = tmp.resolve("emulator.out");
        ProcessBuilder epb = new ProcessBuilder(emulatorBin.toString(), "llama-server", "--port", String.valueOf(port),
                "--alias", "qwen3-8b").directory(dir.toFile());
        epb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        epb.redirectErrorStream(true);
        epb.redirectOutput(ProcessBuilder.Redirect.appendTo(emuOut.toFile()));
        long e0 = System.nanoTime();
        Process emu = epb.start();
        DAEMONS.add(emu); // SIGTERMed by stopAllDaemons if the phase fails
        Files.writeString(tmp.resolve("pids"), emu.pid() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        try {
            awaitEmulator(emu, port, Duration.ofSeconds(60), emuOut);
            log(String.format(Locale.ROOT, "llama-server emulator (pid %d) answers GET /health 200 on port %d, %.0f ms after exec",
                    emu.pid(), port, ms(System.nanoTime() - e0)));

            ControlClient c = new ControlClient(dir.resolve(".vigil/control.sock"));
            long t0 = System.nanoTime();
            Process d = startDaemon(launcher(dir), dir, Map.of(), tmp.resolve("p.log"));
            long pid = d.pid();
            awaitReadyz(c, d, Duration.ofSeconds(60));
            JsonNode list = null;
            long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
            int ready = 0;
            while (true) {
                if (!d.isAlive()) throw new IOException("vigil exited with " + d.exitValue() + " (see " + tmp.resolve("p.log") + ")");
                list = JSON.readTree(c.send("GET", "/v1/services", null).body());
                ready = 0;
                for (JsonNode s : list) if (s.path("state").asText().equals("READY")) ready++;
                if (ready == count && list.size() == count) break;
                if (System.nanoTime() > deadline) {
                    throw new IOException(ready + "/" + list.size() + " services READY 60 s after exec; first: " + oneLine(list.path(0).toString()));
                }
                Thread.sleep(100);
            }
            log(String.format(Locale.ROOT, "%d provider services READY %.0f ms after exec of vigil daemon", count, ms(System.nanoTime() - t0)));
            logServiceKinds(list);

            Thread.sleep(settleSeconds * 1000L);
            Map<Long, ThreadCpu> threads0 = threadCpu(pid);
            long health0 = countLines(emuOut, "GET /health ");
            long cpu0 = cpuTicks(pid), ecpu0 = cpuTicks(emu.pid());
            long[] split0 = cpuSplit(pid), switches0 = contextSwitches(pid);
            String load0 = loadAvg();
            long w0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long cpu1 = cpuTicks(pid), ecpu1 = cpuTicks(emu.pid());
            long w1 = System.nanoTime();
            long[] split1 = cpuSplit(pid), switches1 = contextSwitches(pid);
            long health1 = countLines(emuOut, "GET /health ");
            Map<Long, ThreadCpu> threads1 = threadCpu(pid);
            double wall = (w1 - w0) / 1e9;
            double cpuS = (double) (cpu1 - cpu0) / clkTck;
            double pct = 100.0 * cpuS / wall;
            double ecpuS = (double) (ecpu1 - ecpu0) / clkTck;
            double expectedChecks = count * wall / intervalS;
            double perCheckMs = 1000.0 * cpuS / expectedChecks;
            long observed = health1 - health0;
            log(String.format(Locale.ROOT, "providers: vigil %d ticks in %.1f s = %.2f %% of a core; emulator %d ticks = %.2f %%;"
                    + " load average %s -> %s", cpu1 - cpu0, wall, pct, ecpu1 - ecpu0, 100.0 * ecpuS / wall, load0, loadAvg()));
            log(String.format(Locale.ROOT, "providers: GET /health seen by the emulator in the window: %d (%.1f/s; %d services x 1/s"
                    + " would be %.0f)", observed, observed / wall, count, expectedChecks));
            log(String.format(Locale.ROOT, "providers: vigil user %d + system %d ticks; context switches of its live threads:"
                    + " %.0f/s voluntary, %.0f/s involuntary", split1[0] - split0[0], split1[1] - split0[1],
                    (switches1[0] - switches0[0]) / wall, (switches1[1] - switches0[1]) / wall));
            log("providers: vigil's CPU in the window by thread (ticks): " + threadBreakdown(threads0, threads1, cpu1 - cpu0));
            log("vigil's threads by name: " + threadNames(pid) + "; RSS " + rssKb(pid) / 1024 + " MB");

            list = JSON.readTree(c.send("GET", "/v1/services", null).body());
            int stillReady = 0;
            for (JsonNode s : list) if (s.path("state").asText().equals("READY")) stillReady++;
            if (stillReady != count) log("providers: after the window only " + stillReady + "/" + count + " READY: " + oneLine(list.toString()));

            String n = " (" + count + " services, " + seconds + " s)";
            row("providers: vigil CPU, " + count + " llama-server probes every 1 s" + n, "< 5 % of a core",
                    String.format(Locale.ROOT, "%.2f %%", pct), verdict(pct < 5.0));
            row("providers: vigil CPU per provider check (/health + /slots; /v1/models on change)", "<= 2 ms",
                    String.format(Locale.ROOT, "%.3f ms", perCheckMs), verdict(perCheckMs <= 2.0));
            row("  (info) checks seen by the emulator (GET /health) / CPU per seen check", "-",
                    String.format(Locale.ROOT, "%.1f/s / %.3f ms", observed / wall, observed == 0 ? Double.NaN : 1000.0 * cpuS / observed), "info");
            row("  (info) the emulator's own CPU (not vigil's)", "-", String.format(Locale.ROOT, "%.2f %%", 100.0 * ecpuS / wall), "info");
            row("  (info) services still READY after the window", String.valueOf(count), String.valueOf(stillReady),
                    verdict(stillReady == count));
            stopDaemon(d, Duration.ofSeconds(30));
        } finally {
            for (Process p : DAEMONS) { // vigil first (if still there), then the emulator
                if (p == emu) continue;
                try {
                    stopDaemon(p, Duration.ofSeconds(30));
                } catch (Exception e) {
                    log("cleanup: " + e);
                }
            }
            if (emu.isAlive()) {
                emu.destroy();
                if (!emu.waitFor(10, TimeUnit.SECONDS)) {
                    emu.destroyForcibly();
                    log("the emulator did not exit within 10 s of SIGTERM; killed");
                }
            }
            DAEMONS.remove(emu);
        }
        log("emulator exited with " + emu.exitValue());
    }

    /** Waits until the emulator's port accepts a connection and GET /health answers 200. */
    static void awaitEmulator(Process emu, int port, Duration timeout, Path out) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        InetSocketAddress addr = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().proxy(java.net.http.HttpClient.Builder.NO_PROXY)
                .connectTimeout(Duration.ofSeconds(1)).build();
        boolean accepts = false;
        String last = "nothing yet";
        while (System.nanoTime() < deadline) {
            if (!emu.isAlive()) throw new IOException("the emulator exited with " + emu.exitValue() + " (see " + out + ")");
            try {
                if (!accepts) {
                    try (SocketChannel ch = SocketChannel.open(addr)) {
                        accepts = true;
                    }
                }
                var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/health"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return;
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(50);
        }
        throw new IOException("the emulator did not answer GET /health 200 within " + timeout + "; last: " + last);
    }

    /** How the services got READY (adopted or spawned): counts of their reasons, digits folded. */
    static void logServiceKinds(JsonNode list) {
        Map<String, Integer> reasons = new HashMap<>();
        int withPid = 0;
        for (JsonNode s : list) {
            reasons.merge(s.path("reason").asText().replaceAll("[0-9]+", "#"), 1, Integer::sum);
            if (!s.path("pid").isNull()) withPid++;
        }
        log("providers: services with a pid: " + withPid + "/" + list.size() + "; reasons: " + reasons);
        if (!list.isEmpty()) log("providers: first service: " + list.get(0));
    }

    static long countLines(Path file, String containing) throws IOException {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains(containing)).count();
        }
    }

    static String loadAvg() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    /** utime and stime of the whole process, in clock ticks. */
    static long[] cpuSplit(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
    }

    /** Voluntary and involuntary context switches, summed over the threads alive now. */
    static long[] contextSwitches(long pid) {
        long[] n = new long[2];
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    for (String line : Files.readAllLines(t.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) n[0] += Long.parseLong(line.replaceAll("[^0-9]", ""));
                        if (line.startsWith("nonvoluntary_ctxt_switches:")) n[1] += Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                } catch (IOException | RuntimeException gone) {
                }
            }
        } catch (IOException e) {
            // process gone
        }
        return n;
    }

    record ThreadCpu(String name, long ticks) {}

    /** utime + stime of each thread of a process, by tid. */
    static Map<Long, ThreadCpu> threadCpu(long pid) {
        Map<Long, ThreadCpu> out = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    out.put(Long.parseLong(t.getFileName().toString()), new ThreadCpu(name, Long.parseLong(f[11]) + Long.parseLong(f[12])));
                } catch (IOException | RuntimeException gone) {
                }
            }
        } catch (IOException e) {
            // process gone
        }
        return out;
    }

    /** CPU ticks per thread name (digits folded to #) between two snapshots, largest first; the rest went to threads that ended. */
    static String threadBreakdown(Map<Long, ThreadCpu> before, Map<Long, ThreadCpu> after, long total) {
        Map<String, Long> by = new HashMap<>();
        long seen = 0;
        for (var e : after.entrySet()) {
            ThreadCpu was = before.get(e.getKey());
            long d = e.getValue().ticks() - (was == null ? 0 : was.ticks());
            seen += d;
            if (d > 0) by.merge(e.getValue().name().replaceAll("[0-9]+", "#"), d, Long::sum);
        }
        StringBuilder b = new StringBuilder();
        by.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue(), x.getValue())).limit(10)
                .forEach(e -> b.append(e.getKey()).append(' ').append(e.getValue()).append(", "));
        b.append("threads that ended ").append(Math.max(0, total - seen)).append(" (total ").append(total).append(')');
        return b.toString();
    }

    // ---------------------------------------------------------------------------------------------
    // issue 6: `vigil status` as a separate process, 20 services, timed by hyperfine

    static void cliStatusPhase() throws Exception {
        int count = Integer.parseInt(env("BENCH_STATUS_SERVICES", "20"));
        int runs = Integer.parseInt(env("BENCH_STATUS_RUNS", "50"));
        String hyperfine = findOnPath("hyperfine");
        String curl = findOnPath("curl");
        if (hyperfine == null) {
            row("vigil status (" + count + " services): p50 wall (hyperfine)", "<= 150 ms", "hyperfine not installed", "MISSED");
            return;
        }
        Path dir = tmp.resolve("c");
        Files.createDirectories(dir.resolve("services"));
        for (int i = 0; i < count; i++) {
            Files.writeString(dir.resolve(String.format("services/svc%02d.toml", i)), "command = [\"sleep\", \"100000\"]\n");
        }
        ControlClient c = new ControlClient(dir.resolve(".vigil/control.sock"));
        Process d = startDaemon(launcher(dir), dir, Map.of(), tmp.resolve("c.log"));
        awaitReadyz(c, d, Duration.ofSeconds(60));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            JsonNode list = JSON.readTree(c.send("GET", "/v1/services", null).body());
            long ready = 0;
            for (JsonNode s : list) if (s.path("state").asText().equals("READY")) ready++;
            if (ready == count) break;
            if (System.nanoTime() > deadline) throw new IOException(ready + " of " + count + " services READY after 30 s");
            Thread.sleep(20);
        }
        Path sock = dir.resolve(".vigil/control.sock");
        String vigil = root.resolve("vigil").toString();
        Path aot = root.resolve("core/shell/target/dist/vigil.aot");
        log("vigil status: AOT cache " + (Files.exists(aot) ? aot + " (" + mb(Files.size(aot) / 1024) + ")" : "absent: the launcher runs without one"));
        // The answer itself first: exit 0, a header and one line per service.
        Process once = new ProcessBuilder(vigil, "status", "--socket", sock.toString()).directory(tmp.toFile()).redirectErrorStream(true).start();
        once.getOutputStream().close();
        String table = new String(once.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (once.waitFor() != 0 || table.lines().count() != count + 1) throw new IOException("vigil status answered:\n" + table);

        double[] status = hyperfine(hyperfine, "vigil-status", runs, Map.of(), vigil, "status", "--socket", sock.toString());
        row("vigil status (" + count + " services), a new process each: p50 wall (hyperfine, n=" + runs + ")", "<= 150 ms", fmt(p(status, 50)),
                verdict(p(status, 50) <= 150));
        row("  (info) same, p99", "-", fmt(p(status, 99)), "info");
        if (!env("BENCH_STATUS_VARIANTS", "1").equals("0")) {
            double[] noAot = hyperfine(hyperfine, "vigil-status-no-aot", runs, Map.of("VIGIL_AOT", "0"), vigil, "status", "--socket", sock.toString());
            row("  (info) same without the AOT cache (VIGIL_AOT=0), p50 / p99", "-", fmt(p(noAot, 50)) + " / " + fmt(p(noAot, 99)), "info");
            double[] full = hyperfine(hyperfine, "java-main-status", Math.min(runs, 20), Map.of(), javaBin.toString(),
                    "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Dpolyglot.engine.WarnInterpreterOnly=false",
                    "-XX:+UseSerialGC", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp",
                    root.resolve("core/shell/target/dist/lib") + "/*", "dev.vigil.shell.Main", "status", "--socket", sock.toString());
            row("  (info) java ... dev.vigil.shell.Main status (picocli + Jackson, no launcher, no AOT cache), p50", "-", fmt(p(full, 50)), "info");
        }
        if (curl != null) {
            double[] viaCurl = hyperfine(hyperfine, "curl", runs, Map.of(), curl, "-sf", "-o", "/dev/null", "--unix-socket", sock.toString(),
                    "http://localhost/v1/services");
            row("  (info) curl --unix-socket S http://localhost/v1/services, p50 / p99", "-", fmt(p(viaCurl, 50)) + " / " + fmt(p(viaCurl, 99)),
                    "info");
        } else {
            log("curl not on PATH: no curl row");
        }
        stopDaemon(d, Duration.ofSeconds(30));
    }

    /**
     * Times {@code argv} with {@code hyperfine -N} (no shell), 3 warm-up runs, and returns each run's
     * wall time in ms. hyperfine's own summary goes to stderr; its JSON export to {@code tmp/NAME.json}.
     */
    static double[] hyperfine(String hyperfine, String name, int runs, Map<String, String> env, String... argv) throws Exception {
        StringBuilder cmd = new StringBuilder();
        for (String a : argv) cmd.append(cmd.isEmpty() ? "" : " ").append("'").append(a.replace("'", "'\\''")).append("'");
        Path json = tmp.resolve(name + ".json");
        ProcessBuilder pb = new ProcessBuilder(hyperfine, "-N", "--style", "basic", "--warmup", "3", "--runs", String.valueOf(runs),
                "--export-json", json.toString(), "--command-name", name, cmd.toString()).directory(tmp.toFile());
        pb.environment().put("VIGIL_SKIP_BUILD", "1");
        pb.environment().remove("VIGIL_SOCKET");
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.redirectErrorStream(true);
        Path out = tmp.resolve(name + ".txt");
        pb.redirectOutput(out.toFile());
        int rc = pb.start().waitFor();
        System.err.print(Files.readString(out));
        if (rc != 0) throw new IOException("hyperfine " + name + " exited with " + rc);
        JsonNode times = JSON.readTree(json.toFile()).path("results").path(0).path("times");
        double[] ms = new double[times.size()];
        for (int i = 0; i < ms.length; i++) ms[i] = times.get(i).asDouble() * 1000;
        log(name + " (ms): " + samples(ms));
        return ms;
    }

    static String findOnPath(String program) {
        for (String d : env("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(d.isEmpty() ? "." : d, program);
            if (Files.isExecutable(p)) return p.toString();
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------
    // tasks (issue 8): submit latency; 100 concurrent submits of one failed id; kill -9 with 20 in flight

    static final String TASKS_TOML = """
            [services.setup]
            command = "true"
            oneshot = true

            [tasks.quick]
            command = ["true"]

            # Run 1 fails; later runs last a second, so that every concurrent resubmit finds it RUNNING.
            [tasks.count]
            command = ["sh", "-c", "echo run >> \\"$1\\"; test \\"$VIGIL_TASK_RUN\\" -ge 2 && exec sleep 1; exit 1", "count", "{file}"]

            [tasks.gate]
            command = ["sh", "-c", "read x < \\"$1\\"; exit $x", "gate", "{fifo}"]
            timeout = "2m"
            """;

    static void tasksPhase() throws Exception {
        int latencyRuns = Integer.parseInt(env("BENCH_TASK_SUBMITS", "200"));
        int concurrent = Integer.parseInt(env("BENCH_TASK_CONCURRENT", "100"));
        int inFlight = Integer.parseInt(env("BENCH_TASKS_IN_FLIGHT", "20"));
        Path dir = tmp.resolve("t");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("vigil.toml"), TASKS_TOML);
        Process d = startDaemon(launcher(dir), dir, Map.of(), tmp.resolve("t.log"));
        ControlClient c = new ControlClient(dir.resolve(".vigil/control.sock"));
        awaitReadyz(c, d, Duration.ofSeconds(30));

        // Submit latency: a PUT of a new id, answered once the RUNNING record is durable.
        double[] submit = new double[latencyRuns];
        double[] toDone = new double[latencyRuns];
        for (int i = 0; i < latencyRuns; i++) {
            long t0 = System.nanoTime();
            ControlClient.Response r = c.send("PUT", "/v1/tasks/lat:" + i, "{\"template\":\"quick\"}");
            submit[i] = ms(System.nanoTime() - t0);
            if (r.status() != 201) throw new IOException("submit: " + r.status() + " " + r.body());
            long t1 = System.nanoTime();
            ControlClient.Response w = c.send("PUT", "/v1/tasks/done:" + i + "?wait=true", "{\"template\":\"quick\"}");
            toDone[i] = ms(System.nanoTime() - t1);
            if (!JSON.readTree(w.body()).get("state").asText().equals("COMPLETED")) throw new IOException("quick task: " + w.body());
        }
        String n = " (n=" + latencyRuns + ")";
        row("task submit: PUT new id -> 201 RUNNING (durable), p50 / p99" + n, "info", fmt(p(submit, 50)) + " / " + fmt(p(submit, 99)), "info");
        row("task submit --wait of `true` -> COMPLETED (durable), p50 / p99" + n, "info", fmt(p(toDone, 50)) + " / " + fmt(p(toDone, 99)), "info");

        // One failed id, submitted by `concurrent` clients at once.
        Path counter = dir.resolve("counter");
        String body = "{\"template\":\"count\",\"params\":{\"file\":\"" + counter + "\"}}";
        c.send("PUT", "/v1/tasks/once?wait=true", body);
        ExecutorService pool = Executors.newFixedThreadPool(concurrent);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < concurrent; i++) answers.add(pool.submit(() -> {
            go.await();
            return c.send("PUT", "/v1/tasks/once", body).status();
        }));
        go.countDown();
        int started = 0;
        for (var a : answers) if (a.get(60, TimeUnit.SECONDS) == 201) started++;
        pool.shutdown();
        JsonNode once = JSON.readTree(c.send("PUT", "/v1/tasks/once?wait=true", body).body());
        long runs = Files.readAllLines(counter).size();
        row(concurrent + " concurrent submits of one failed id: new runs / run counter / processes run", "1 / 2 / 2",
                started + " / " + once.get("run").asInt() + " / " + runs, verdict(started == 1 && once.get("run").asInt() == 2 && runs == 2));

        // kill -9 of vigil with `inFlight` tasks running: a third killed while vigil is down, a third end
        // while it is down, a third go on; every result must arrive with its exit code and run 1.
        List<Path> fifos = new ArrayList<>();
        Map<String, Long> pids = new HashMap<>();
        for (int i = 0; i < inFlight; i++) {
            Path fifo = dir.resolve("f" + i);
            if (new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() != 0) throw new IOException("mkfifo failed");
            fifos.add(fifo);
            JsonNode t = JSON.readTree(c.send("PUT", "/v1/tasks/k9:" + i, "{\"template\":\"gate\",\"params\":{\"fifo\":\"" + fifo + "\"}}").body());
            pids.put("k9:" + i, t.get("pid").asLong());
        }
        sigkill(d.pid());
        d.waitFor();
        DAEMONS.remove(d);
        int third = inFlight / 3;
        for (int i = 0; i < third; i++) {
            long pgid = pids.get("k9:" + i);
            new ProcessBuilder("kill", "-KILL", "--", "-" + pgid).start().waitFor();
        }
        for (int i = third; i < 2 * third; i++) {
            try (OutputStream o = openFifo(fifos.get(i), Duration.ofSeconds(10))) {
                o.write(((i % 3) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        for (int i = 0; i < 2 * third; i++) {
            long pid = pids.get("k9:" + i);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !procStatus(pid, "State").startsWith("Z") && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }
        long t0 = System.nanoTime();
        d = startDaemon(launcher(dir), dir, Map.of(), tmp.resolve("t.log"));
        awaitReadyz(c, d, Duration.ofSeconds(30));
        double boot = ms(System.nanoTime() - t0);
        for (int i = 0; i < inFlight; i++) {
            if (i >= third && i < 2 * third) continue;
            try (OutputStream o = openFifo(fifos.get(i), Duration.ofSeconds(30))) {
                o.write(((i % 3) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        int lost = 0;
        int moved = 0;
        for (int i = 0; i < inFlight; i++) {
            // GET, not PUT: a PUT of a FAILED task would run it again.
            JsonNode t = JSON.readTree(c.send("GET", "/v1/tasks/k9:" + i, null).body());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (t.get("state").asText().equals("RUNNING") && System.nanoTime() < deadline) {
                Thread.sleep(5);
                t = JSON.readTree(c.send("GET", "/v1/tasks/k9:" + i, null).body());
            }
            if (!t.get("exit_code").isInt() || t.get("exit_code").asInt() != i % 3) lost++;
            if (t.get("run").asInt() != 1) moved++;
        }
        row("kill -9 of vigil with " + inFlight + " tasks in flight: results lost / run counters moved", "0 / 0", lost + " / " + moved,
                verdict(lost == 0 && moved == 0));
        row("  (info) restart -> /readyz with " + inFlight + " tasks to re-attach or re-run", "info", fmt(boot), "info");
        stopDaemon(d, Duration.ofSeconds(30));
    }

    // ---------------------------------------------------------------------------------------------
    // daemons

    static List<String> launcher(Path dir) {
        return List.of(root.resolve("vigil").toString(), "daemon", dir.toString());
    }

    static Process startDaemon(List<String> cmd, Path dir, Map<String, String> env, Path logFile) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile());
        pb.environment().put("VIGIL_SKIP_BUILD", "1");
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        Process p = pb.start();
        DAEMONS.add(p);
        Files.writeString(tmp.resolve("pids"), p.pid() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return p;
    }

    /** SIGTERM, then waits; returns how long vigil took to exit (ms). Kills it if it does not. */
    static long stopDaemon(Process p, Duration timeout) throws Exception {
        long t0 = System.nanoTime();
        p.destroy();
        boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        long took = (System.nanoTime() - t0) / 1_000_000;
        DAEMONS.remove(p);
        if (!done) {
            p.destroyForcibly();
            throw new IOException("vigil " + p.pid() + " did not exit within " + timeout + " of SIGTERM");
        }
        return took;
    }

    // ---------------------------------------------------------------------------------------------
    // issue 7: JS hooks. Warm call overhead and the first call, in-process and in a daemon; 1000
    // hostile event hooks in a daemon: it survives, each is one clear error, and crash latency with
    // them next to it without.

    static final List<String> HOSTILE = List.of(
            "function on(e) { return ( ; } // %d",
            "function on(e) { while (true) {} } // %d",
            "function f(n) { return f(n + 1) + %d; }\nfunction on(e) { f(0); }",
            "function on(e) { var a = []; for (;;) a.push(new Array(1000).fill(%d)); }",
            "function on(e) { return new Array(2 ** 32 + %d); }",
            "function on(e) { Java.type('java.lang.System').exit(%d); }",
            "function on(e) { load('/etc/passwd'); return %d; }",
            "function on(e) { require('child_process').execSync('kill -9 %d'); }",
            "function on(e) { eval(\"Java.type('java.lang.Runtime')\").getRuntime().halt(%d); }",
            "function on(e) { throw new Error('bad %d'); }",
            "function on(e) { vigil.stop('ghost-%d'); }",
            "var filter = {servce: 'x%d'}; function on(e) {}",
            "for (;;) {} // %d",
            "\u0000\u0001 %d",
            "function on(e) { return 'x'.repeat(2 ** 31 + %d); }");

    static void hooksPhase() throws Exception {
        hooksInProcess();
        int reps = Integer.parseInt(env("BENCH_HOOKS_CRASH_REPS", "20"));
        Path base = tmp.resolve("hb");
        Files.createDirectories(base.resolve("services"));
        Files.writeString(base.resolve("services/s.toml"), RESTARTING_SERVICE);
        Process d0 = startDaemon(launcher(base), base, Map.of(), tmp.resolve("hb.log"));
        ControlClient c0 = new ControlClient(base.resolve(".vigil/control.sock"));
        awaitReadyz(c0, d0, Duration.ofSeconds(30));
        long t0 = System.nanoTime();
        ControlClient.Response first = c0.send("POST", "/v1/js", "{\"expr\": \"services().length\"}");
        double firstJs = ms(System.nanoTime() - t0);
        if (first.status() != 200) throw new IOException("POST /v1/js: " + first.status() + " " + first.body());
        double[] warmJs = new double[200];
        for (int i = 0; i < warmJs.length + 50; i++) {
            long a = System.nanoTime();
            c0.send("POST", "/v1/js", "{\"expr\": \"services().length\"}");
            if (i >= 50) warmJs[i - 50] = ms(System.nanoTime() - a);
        }
        row("hooks: first JS call after vigil start (POST /v1/js, GraalJS loaded lazily)", "<= 1 s", fmt(firstJs), verdict(firstJs <= 1000));
        row("  (info) warm POST /v1/js round trip over the socket, p50", "-", fmt(p(warmJs, 50)), "info");
        Crashes plain = crashReps(c0, "s", reps, 3);
        stopDaemon(d0, Duration.ofSeconds(30));

        Path dir = tmp.resolve("hk");
        Files.createDirectories(dir.resolve("services"));
        Files.createDirectories(dir.resolve("hooks"));
        Files.writeString(dir.resolve("vigil.toml"), "hook_timeout = \"50ms\"\nhook_statements = 100000\n");
        Files.writeString(dir.resolve("services/s.toml"), RESTARTING_SERVICE);
        for (int i = 0; i < 1000; i++) {
            Files.writeString(dir.resolve("hooks/bad-" + i + ".js"), HOSTILE.get(i % HOSTILE.size()).formatted(i));
        }
        Path log = tmp.resolve("hk.log");
        Process d = startDaemon(launcher(dir), dir, Map.of(), log);
        ControlClient c = new ControlClient(dir.resolve(".vigil/control.sock"));
        awaitReadyz(c, d, Duration.ofSeconds(30));
        // Every hook gets the first events; wait until each has reported its error once.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        long reported = 0;
        while (System.nanoTime() < deadline) {
            reported = Files.readAllLines(log).stream().filter(l -> l.contains("event hook hooks/bad-"))
                    .map(l -> l.replaceAll(".*event hook hooks/(bad-\\d+)\\.js.*", "$1")).distinct().count();
            if (reported >= 1000) break;
            Thread.sleep(200);
        }
        // The first events make every hook fail; each is then paused (1 s doubling to 1 min) and a
        // backlog of events is worked off. The figure is the steady state: JS threads quiet again.
        long settleStart = System.nanoTime();
        boolean quiet = awaitQuietJsThreads(d.pid(), Duration.ofSeconds(180));
        double settle = ms(System.nanoTime() - settleStart) + 0;
        Crashes hostile = crashReps(c, "s", reps, 3);
        boolean alive = d.isAlive() && c.send("GET", "/livez", null).status() == 200
                && JSON.readTree(c.send("GET", "/v1/services/s", null).body()).path("state").asText().equals("READY");
        row("hooks: 1000 hostile event hooks: vigil still up, services supervised", "0 crashes", alive ? "0 crashes" : "vigil down",
                verdict(alive));
        row("hooks: 1000 hostile event hooks: each reported as one error line with its file", "1000", String.valueOf(reported),
                verdict(reported == 1000));
        String n = " (n=" + reps + ")";
        row("  (info) 1000 hostile hooks: from all reported to JS threads quiet (all paused)", "-",
                quiet ? fmt(settle) : "not within 180 s", "info");
        row("hooks: kill -9 -> CRASHED on SSE, p50, without hooks" + n, "-", fmt(p(plain.sse, 50)), "info");
        row("hooks: kill -9 -> CRASHED on SSE, p50, with 1000 hostile hooks" + n, "<= 5 ms", fmt(p(hostile.sse, 50)),
                verdict(p(hostile.sse, 50) <= 5));
        row("hooks: kill -9 -> CRASHED on SSE, p99, with 1000 hostile hooks" + n, "<= 20 ms", fmt(p(hostile.sse, 99)),
                verdict(p(hostile.sse, 99) <= 20));
        stopDaemon(d, Duration.ofSeconds(30));
    }

    /** Waits until the {@code vigil-js-*} threads of {@code pid} use less than 5 % of a core over a second. */
    static boolean awaitQuietJsThreads(long pid, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long before = jsThreadTicks(pid);
        while (System.nanoTime() < deadline) {
            Thread.sleep(1000);
            long now = jsThreadTicks(pid);
            if (now - before < clkTck / 20) return true;
            before = now;
        }
        return false;
    }

    /** CPU ticks (user + system) of the threads of {@code pid} named {@code vigil-js-*}. */
    static long jsThreadTicks(long pid) throws IOException {
        long sum = 0;
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    if (!Files.readString(t.resolve("comm")).startsWith("vigil-js-")) continue;
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                } catch (IOException gone) {
                    // the thread ended meanwhile
                }
            }
        }
        return sum;
    }

    /** The sandbox in this JVM, through the same public classes the daemon uses. */
    static void hooksInProcess() throws Exception {
        Path dir = tmp.resolve("hj");
        Path script = dir.resolve("hooks/ready.js");
        Files.createDirectories(script.getParent());
        Files.writeString(script, "function ready(ctx) { return ctx.probe === null ? 'ready' : {state: 'warming', detail: ctx.service}; }\n");
        var readiness = new dev.vigil.engine.model.ReadinessSpec(false, false, false, Duration.ZERO, script, Duration.ofSeconds(1));
        var spec = new dev.vigil.engine.model.ServiceSpec("llm", List.of(new dev.vigil.engine.model.ChildSpec("main",
                List.of("true"), dir, Map.of())), dev.vigil.engine.model.RestartPolicy.ON_FAILURE, false, true, Duration.ofSeconds(1),
                Duration.ofSeconds(10), List.of(), dev.vigil.engine.model.BackoffPolicy.DEFAULT, readiness, List.of(), List.of(),
                dir.resolve("llm.toml"));
        long t0 = System.nanoTime();
        try (var runtime = new dev.vigil.dsl.js.JsRuntime(Duration.ofMillis(500), 1_000_000)) {
            var rule = new dev.vigil.dsl.js.ScriptRules(runtime, dir).open(spec);
            var firstAnswer = rule.check("main", null).join();
            double first = ms(System.nanoTime() - t0);
            if (!(firstAnswer instanceof dev.vigil.engine.spi.ProbeResult.Ready)) throw new IOException("rule answered " + firstAnswer);
            int runs = Integer.parseInt(env("BENCH_HOOKS_CALLS", "2000"));
            double[] warm = new double[runs];
            for (int i = -500; i < runs; i++) {
                long a = System.nanoTime();
                rule.check("main", null).join();
                if (i >= 0) warm[i] = ms(System.nanoTime() - a);
            }
            var expressions = new dev.vigil.dsl.js.Expressions(runtime);
            double[] expr = new double[runs];
            for (int i = -500; i < runs; i++) {
                long a = System.nanoTime();
                expressions.evaluate("services().length", "[]");
                if (i >= 0) expr[i] = ms(System.nanoTime() - a);
            }
            row("hooks: warm readiness-rule call (fresh context, read, call, answer), p50 (n=" + runs + ")", "<= 1 ms", fmt(p(warm, 50)),
                    verdict(p(warm, 50) <= 1));
            row("  (info) same, p99", "-", fmt(p(warm, 99)), "info");
            row("  (info) warm expression call, p50", "-", fmt(p(expr, 50)), "info");
            // This JVM runs Bench.java from source, without vigil's AOT cache: the daemon's row is the figure.
            row("  (info) first rule call in this (cold, source-launched) JVM, engine created", "-", fmt(first), "info");
        }
    }

    static void stopAllDaemons() {
        for (Process p : DAEMONS) {
            try {
                stopDaemon(p, Duration.ofSeconds(30));
            } catch (Exception e) {
                log("cleanup: " + e);
            }
        }
    }

    static void awaitReadyz(ControlClient c, Process d, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!d.isAlive()) throw new IOException("vigil exited with " + d.exitValue());
            try {
                if (c.send("GET", "/readyz", null).status() == 200) return;
            } catch (IOException e) {
                // not yet
            }
            Thread.sleep(5);
        }
        throw new IOException("/readyz not 200 within " + timeout);
    }

    // ---------------------------------------------------------------------------------------------
    // issue 8: boot adoption of live services after kill -9 of vigil

    /**
     * {@code BENCH_ADOPT_SERVICES} services (every tenth with a marker file, the rest without a
     * readiness source), all READY; then {@code BENCH_ADOPT_ROUNDS} times: kill -9 of vigil, a new
     * {@code vigil daemon} on the same folder, timed from its exec to /readyz (boot adoption done)
     * and to every service READY again with the same pid.
     */
    static void adoptPhase() throws Exception {
        int count = Integer.parseInt(env("BENCH_ADOPT_SERVICES", "1000"));
        int rounds = Integer.parseInt(env("BENCH_ADOPT_ROUNDS", "5"));
        Path dir = tmp.resolve("a");
        Files.createDirectories(dir.resolve("services"));
        for (int i = 0; i < count; i++) {
            Files.writeString(dir.resolve(String.format("services/a%04d.toml", i)), i % 10 == 0
                    ? "command = [\"sh\", \"-c\", \"touch \\\"$VIGIL_READY_FILE\\\"; exec sleep 100000\"]\n[readiness]\nmarker = true\n"
                    : "command = [\"sleep\", \"100000\"]\n");
        }
        ControlClient c = new ControlClient(dir.resolve(".vigil/control.sock"));
        Process d = startDaemon(launcher(dir), dir, Map.of(), tmp.resolve("a.log"));
        awaitReadyz(c, d, Duration.ofSeconds(120));
        Map<String, Long> pids = awaitAllReady(c, count, Duration.ofSeconds(120));
        double[] toReadyz = new double[rounds];
        double[] toAllReady = new double[rounds];
        int same = 0, restarted = 0;
        for (int r = 0; r < rounds; r++) {
            awaitStored(dir.resolve(".vigil/vigil.db"), count, Duration.ofSeconds(30));
            d.destroyForcibly();
            d.waitFor(30, TimeUnit.SECONDS);
            DAEMONS.remove(d);
            long t0 = System.nanoTime();
            d = startDaemon(launcher(dir), dir, Map.of(), tmp.resolve("a.log"));
            awaitReadyz(c, d, Duration.ofSeconds(120));
            toReadyz[r] = ms(System.nanoTime() - t0);
            Map<String, Long> now = awaitAllReady(c, count, Duration.ofSeconds(120));
            toAllReady[r] = ms(System.nanoTime() - t0);
            if (now.equals(pids)) same++;
            for (JsonNode s : JSON.readTree(c.send("GET", "/v1/services", null).body())) restarted += s.path("restarts").asInt();
            log(String.format(Locale.ROOT, "adopt round %d: exec -> /readyz %.0f ms, -> all %d READY %.0f ms, same pids: %s", r + 1, toReadyz[r],
                    count, toAllReady[r], now.equals(pids)));
        }
        stopDaemon(d, Duration.ofSeconds(60));
        row("boot adoption of " + count + " live services: exec of vigil -> /readyz, p50 / max", "<= 3 s",
                fmt(p(toReadyz, 50)) + " / " + fmt(p(toReadyz, 100)), verdict(p(toReadyz, 100) <= 3000));
        row("  (info) exec of vigil -> all " + count + " READY again, same pids, p50 / max", "-",
                fmt(p(toAllReady, 50)) + " / " + fmt(p(toAllReady, 100)), "info");
        row("kill -9 -> re-attach: rounds with every pid kept, services restarted", "all, 0",
                same + "/" + rounds + ", " + restarted, verdict(same == rounds && restarted == 0));
    }

    /** Polls GET /v1/services until {@code count} services are READY; returns their pids. */
    static Map<String, Long> awaitAllReady(ControlClient c, int count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode list = JSON.readTree(c.send("GET", "/v1/services", null).body());
            Map<String, Long> pids = new HashMap<>();
            for (JsonNode s : list) {
                if (s.path("state").asText().equals("READY")) pids.put(s.path("name").asText(), s.path("pid").asLong());
            }
            if (pids.size() == count) return pids;
            if (System.nanoTime() > deadline) throw new IOException(pids.size() + "/" + count + " READY after " + timeout);
            Thread.sleep(5);
        }
    }

    /** Waits until the store has every child and every READY written (the write-behind is a few ms behind). */
    static void awaitStored(Path db, int count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (java.sql.Connection conn = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
                    java.sql.Statement st = conn.createStatement();
                    java.sql.ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM children), (SELECT count(*) FROM services WHERE state = 'READY')")) {
                rs.next();
                if (rs.getInt(1) == count && rs.getInt(2) == count) return;
            }
            if (System.nanoTime() > deadline) throw new IOException("the store did not catch up within " + timeout);
            Thread.sleep(10);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // helpers

    interface Io<T> {
        T get() throws Exception;
    }

    /** Runs a blocking read on {@code st}; closes the stream if it takes longer than {@code timeout}. */
    static <T> T guarded(ControlClient.Stream st, Duration timeout, Io<T> body) throws Exception {
        ScheduledFuture<?> f = WATCHDOG.schedule(() -> {
            try {
                st.close();
            } catch (IOException ignored) {
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return body.get();
        } catch (IOException e) {
            if (f.isDone()) throw new IOException("timed out after " + timeout, e);
            throw e;
        } finally {
            f.cancel(false);
        }
    }

    /** Nearest-rank percentile. */
    static double p(double[] xs, int pct) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil(pct / 100.0 * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
    }

    static String samples(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        StringBuilder b = new StringBuilder();
        for (double x : s) b.append(String.format(Locale.ROOT, "%.2f ", x));
        return b.toString().trim();
    }

    static String inOrder(double[] xs) {
        StringBuilder b = new StringBuilder();
        for (double x : xs) b.append(String.format(Locale.ROOT, "%.1f ", x));
        return b.toString().trim();
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    static String fmt(double millis) {
        return millis >= 100 ? String.format(Locale.ROOT, "%.0f ms", millis) : String.format(Locale.ROOT, "%.2f ms", millis);
    }

    static String mb(long kb) {
        return String.format(Locale.ROOT, "%.0f MB", kb / 1024.0);
    }

    static String verdict(boolean ok) {
        return ok ? "ok" : "MISSED";
    }

    static String oneLine(String s) {
        s = s.replaceAll("[\\t\\r\\n]+", " ");
        return s.length() > 90 ? s.substring(0, 90) + "…" : s;
    }

    static void row(String metric, String target, String measured, String verdict) throws IOException {
        Files.writeString(rows, metric + "\t" + target + "\t" + measured + "\t" + verdict + "\n", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        log("ROW " + metric + " | " + target + " | " + measured + " | " + verdict);
    }

    static String env(String key, String dflt) {
        String v = System.getenv(key);
        return v == null || v.isBlank() ? dflt : v;
    }

    static void log(String msg) {
        System.err.println("bench: " + msg);
    }
}
