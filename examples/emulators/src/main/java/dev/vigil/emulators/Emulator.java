package dev.vigil.emulators;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

/**
 * What all emulators share: the knobs of PROVIDERS.md §6.1, the phases, the timers for
 * {@code --crash-after} and {@code --hang-after}, the hang modes, and exiting (for real, or
 * through a callback when run in-process by a test).
 *
 * <pre>
 * try (Emulator e = Emulator.start("llama-server", "--port", "0", "--load-delay", "1h")) {
 *     await().until(() -&gt; e.phase() == Emulator.Phase.LOADING);
 *     e.advance();                       // end the load delay now
 * }
 * </pre>
 */
public abstract class Emulator implements AutoCloseable {
    /** Where the emulator is in its life. */
    public enum Phase { STARTING, LOADING, READY, IDLE, ERROR, EXITED, CLOSED }

    final String kind;
    final String flavor;
    final Log log;
    final boolean inProcess;
    final Pacer pacer = new Pacer();
    final Http http = new Http();
    final String host;
    final int wantedPort;
    final Duration bindDelay;
    final Duration loadDelay;
    final Duration completionTime;
    final boolean noModel;
    final boolean failLoad;
    final int failRc;
    final Duration crashAfter;
    final int crashRc;
    final int crashSignal;
    final Duration hangAfter;
    final Hang hangMode;
    final Duration slowHealth;
    final boolean logReady;
    private final long startedMillis = System.currentTimeMillis();
    private final AtomicBoolean exited = new AtomicBoolean();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private volatile Phase phase = Phase.STARTING;
    private volatile boolean hanging;
    private volatile CountDownLatch held;

    Emulator(String kind, String flavor, Flags f, boolean inProcess, int defaultFailRc) {
        this.kind = kind;
        this.flavor = flavor;
        this.log = Main.log(kind, flavor, inProcess);
        this.inProcess = inProcess;
        if (!f.has("--port")) {
            throw new Flags.UsageException("--port is required (0 lets the OS choose; the real " + kind + " " + flavor
                    + " listens on " + Main.realPort(kind, flavor) + " by default)");
        }
        this.wantedPort = f.integer("--port", 0);
        if (wantedPort < 0 || wantedPort > 65535) throw new Flags.UsageException("--port: out of range");
        this.host = f.str("--host", "127.0.0.1");
        this.bindDelay = f.duration("--bind-delay", Duration.ZERO);
        this.loadDelay = f.duration("--load-delay", Duration.ZERO);
        this.completionTime = f.duration("--completion-time", Duration.ZERO);
        this.noModel = f.has("--no-model");
        this.failLoad = f.has("--fail-load") || f.has("--fail-rc");
        this.failRc = f.has("--fail-rc") ? f.integer("--fail-rc", defaultFailRc) : f.integer("--fail-load", defaultFailRc);
        this.crashAfter = f.duration("--crash-after", null);
        if (f.has("--crash-rc") && f.has("--crash-signal")) {
            throw new Flags.UsageException("--crash-rc and --crash-signal exclude each other");
        }
        this.crashRc = f.integer("--crash-rc", -1);
        this.crashSignal = f.has("--crash-signal") ? Signals.parse(f.str("--crash-signal", "")) : -1;
        String mode = f.str("--hang-mode", null);
        this.hangMode = mode == null ? (f.has("--hang-after") ? Hang.ACCEPT_SILENT : null) : Hang.parse(mode);
        this.slowHealth = mode == null ? Hang.DEFAULT_SLOW_HEALTH : Hang.slowHealthDelay(mode);
        this.hangAfter = f.duration("--hang-after", hangMode == null ? null : Duration.ZERO);
        this.logReady = f.has("--log-ready");
    }

    /** Starts an emulator in this JVM: {@code start("kokoro", "--port", "0", "--flavor", "hal0")}. */
    public static Emulator start(String... args) {
        Emulator e = Main.create(List.of(args), true);
        Thread.ofPlatform().daemon().name(e.kind + "-lifecycle").start(e::run);
        return e;
    }

    // ---- what a kind provides

    /** Delays, bind, load, ready: the start-up of the real server. */
    abstract void lifecycle() throws Exception;

    /** Serves one request (the hang modes have been applied already). */
    abstract void serve(Http.Call c) throws Exception;

    /** The health route(s) that slow-health and health-503 act on. */
    abstract boolean isHealthPath(String path);

    /** Inference routes, which health-ok-infer-hang hangs. */
    abstract boolean isInferencePath(String path);

    /** The 503 that /health answers in hang mode health-503. */
    abstract void health503(Http.Call c) throws IOException;

    /** The real server's stderr line when the port is taken. */
    abstract String bindErrorLine(IOException e);

    /** The real server's ready line, for --log-ready. */
    abstract String readyLine();

    // ---- the life cycle

    void run() {
        try {
            lifecycle();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.info("internal error: " + e);
            exitProcess(1, 0);
        }
    }

    void phase(Phase p, String detail) {
        phase = p;
        log.info("state " + p.name().toLowerCase() + (detail.isEmpty() ? "" : " (" + detail + ")"));
    }

    /** Waits in {@code p} for {@code d} (or until {@link #advance}); false once closed. */
    boolean waitIn(Phase p, Duration d, String what) throws InterruptedException {
        if (d.isZero()) return !pacer.isClosed();
        Pacer.Wait w = pacer.begin(d);
        phase(p, what + " " + Flags.show(d));
        return w.await();
    }

    /** Binds; on failure exits 1 like the real servers. */
    boolean bind() {
        try {
            http.bind(host, wantedPort, ex -> handle(new Http.Call(ex)));
            log.info("listening on http://" + host + ":" + http.port());
            return true;
        } catch (IOException e) {
            log.info("bind failed: " + e.getMessage());
            log.stderr(bindErrorLine(e));
            exitProcess(1, 0);
            return false;
        }
    }

    /** Up and serving: log the ready line and start the crash and hang timers. */
    void serving(Phase p, String detail) {
        // the timers are registered before the phase is published, so advance() cannot miss them
        Pacer.Wait crashWait = crashAfter != null && crashesProcess() ? pacer.begin(crashAfter) : null;
        Pacer.Wait hangWait = hangMode != null ? pacer.begin(hangAfter) : null;
        phase(p, detail);
        if (logReady) log.stderr(readyLine());
        if (crashWait != null) after(crashWait, this::crash);
        if (hangWait != null) after(hangWait, this::startHanging);
    }

    /** Runs {@code r} after {@code d}, or at once on {@link #advance}; never once closed. */
    void after(Duration d, Runnable r) { after(pacer.begin(d), r); }

    void after(Pacer.Wait w, Runnable r) {
        Thread.ofVirtual().name(kind + "-timer").start(() -> {
            try {
                if (w.await()) r.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** False where --crash-after means something else (a router's model). */
    boolean crashesProcess() { return true; }

    void crash() {
        if (crashRc >= 0) {
            log.info("crashing: exit " + crashRc);
            exitProcess(crashRc, 0);
        } else {
            int sig = crashSignal > 0 ? crashSignal : 9;
            log.info("crashing: " + Signals.name(sig));
            exitProcess(128 + sig, sig);
        }
    }

    private void startHanging() {
        if (hangMode == Hang.NO_ACCEPT) {
            try {
                http.stopAccepting(); // connections are refused for the instant the swap takes
            } catch (IOException e) {
                log.info("no-accept: could not re-listen: " + e.getMessage());
            }
        }
        hanging = true;
        log.info("hanging: " + hangMode.id + (hangMode == Hang.SLOW_HEALTH ? " " + Flags.show(slowHealth) : ""));
    }

    /** Exits the process (in-process: stops and reports {@code rc} to the exit callbacks). */
    void exitProcess(int rc, int signal) {
        if (!exited.compareAndSet(false, true)) return;
        phase = Phase.EXITED;
        log.info("exit " + (signal > 0 ? Signals.name(signal) : "code " + rc));
        if (inProcess) {
            shutdown();
            exit.complete(rc);
            return;
        }
        log.flush();
        if (signal > 0) Signals.die(signal);
        Runtime.getRuntime().halt(rc);
    }

    private void shutdown() {
        pacer.close();
        http.stop();
    }

    // ---- requests

    private void handle(Http.Call c) {
        String note = "";
        try {
            if (hanging && hangMode.intercept(this, c)) return;
            serve(c);
        } catch (Exception e) {
            note = " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
            if (!c.answered() && !pacer.isClosed()) {
                try {
                    c.text(500, "text/plain", "Internal Server Error");
                } catch (IOException ignored) {
                    // the client went away
                }
            }
        } finally {
            c.ex.close();
            if (c.answered()) log.info(c.method + " " + c.path + " -> " + c.status + note);
        }
    }

    /** An inference request's work: --completion-time, then the test hold, if any. */
    void inferenceWork() throws InterruptedException { inferenceWork(pacer.begin(completionTime)); }

    /**
     * The same with the completion-time wait registered beforehand ({@code pacer.begin}), by a
     * caller that makes the request visible (a busy slot) in between: advance() then cannot miss it.
     */
    void inferenceWork(Pacer.Wait completion) throws InterruptedException {
        completion.await();
        CountDownLatch h = held;
        while (h != null && !pacer.isClosed()) {
            if (h.await(50, TimeUnit.MILLISECONDS)) break;
            h = held;
        }
    }

    long startedEpochSeconds() { return startedMillis / 1000; }

    // ---- the handle tests and tools use

    /** The bound port; before the bind, the requested one (or -1 for {@code --port 0}). */
    public int port() {
        int p = http.port();
        return p >= 0 ? p : (wantedPort > 0 ? wantedPort : -1);
    }

    public Phase phase() { return phase; }

    public String kind() { return kind; }

    public String flavor() { return flavor; }

    /**
     * Ends every delay in progress now: bind delay, load delay, a router model's load, completion
     * time, and the --crash-after / --hang-after timers that are running.
     */
    public void advance() { pacer.advance(); }

    /** True once --hang-after has passed. */
    public boolean hanging() { return hanging; }

    /** From now on inference requests block (and hold their slot) until {@link #releaseCompletions}. */
    public void holdCompletions() { held = new CountDownLatch(1); }

    public void releaseCompletions() {
        CountDownLatch h = held;
        held = null;
        if (h != null) h.countDown();
    }

    /** Completes with the exit status the process would have had (128+N for signal N). */
    public CompletableFuture<Integer> exitCode() { return exit; }

    public void onExit(IntConsumer callback) { exit.thenAccept(callback::accept); }

    public List<String> logLines() { return log.lines(); }

    /** Stops the emulator (in-process); hung requests are released. */
    @Override
    public void close() {
        if (phase != Phase.EXITED) phase = Phase.CLOSED;
        releaseCompletions();
        shutdown();
    }
}
