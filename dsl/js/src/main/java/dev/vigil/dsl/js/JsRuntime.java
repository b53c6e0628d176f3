package dev.vigil.dsl.js;

import dev.vigil.engine.os.Libc;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Value;

/**
 * The JS sandbox every hook, rule and expression runs in: one shared GraalJS {@code Engine}, created
 * at the first call (~0.5 s), and for each call a fresh {@code Context} under {@code
 * SandboxPolicy.CONSTRAINED} (no host access, no IO, no {@code Java}, {@code load}, {@code
 * require} or {@code print}), a statement limit, and a wall-clock limit enforced by a watchdog that
 * cancels the context ({@code close(true)}). The watchdog also cancels a call that allocates more
 * than {@link #allocationLimit}, and every running call when the heap is nearly full, so that a script allocating
 * without end fails rather than the daemon (hooks share its heap: the community edition has no
 * per-context heap limit). Its threads run at nice 10, behind the engine's.
 *
 * <p>Thread-safe. Calls run on a small pool of its own ({@link #submit}); a call never throws: its
 * {@link Outcome} is a value or a {@link JsError} naming the script's file and line.
 */
public final class JsRuntime implements AutoCloseable {

    /** Above this share of the maximum heap, running calls are cancelled. */
    private static final double HEAP_CEILING = 0.85;
    /**
     * For this long after GraalJS is loaded, a call may take {@link #COLD_LIMIT} (if the configured
     * limit is shorter): the interpreter is cold, and on a busy machine a script's first run alone can
     * take longer than 500 ms. The statement limit holds all along.
     */
    static final Duration COLD_WINDOW = Duration.ofSeconds(10);
    static final Duration COLD_LIMIT = Duration.ofSeconds(2);
    /**
     * What one call may allocate: at least 64 MB, and 100 bytes a statement it may run (the
     * interpreter itself allocates ~50 bytes a statement, all of it short-lived), at most 1 GB. More
     * is cancelled: hooks share vigil's heap and its GC pauses.
     */
    static long allocationLimit(long statements) {
        long perStatements = statements > (1L << 30) / 100 ? 1L << 30 : statements * 100;
        return Math.max(64L << 20, perStatements);
    }
    private static final long MEMORY_CHECK_MILLIS = 5;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    private static final int HOOK_NICE = 10;
    private final Duration timeout;
    private final long statements;
    private final Duration coldWindow;
    private final long allocationLimit;
    private final ExecutorService pool;
    private final ScheduledExecutorService watchdog;
    private final Set<Run> running = ConcurrentHashMap.newKeySet();
    private volatile Engine engine;
    private volatile long coldUntil; // System.nanoTime() before which calls get COLD_LIMIT
    private volatile ResourceLimits limits;
    private volatile Glue glue;
    private volatile HttpClient http;

    /**
     * A sandbox whose calls may take {@code timeout} of wall-clock time and {@code statements} JS
     * statements each.
     */
    public JsRuntime(Duration timeout, long statements) {
        this(timeout, statements, COLD_WINDOW);
    }

    /** For tests: {@code coldWindow} zero holds every call to {@code timeout} from the first. */
    JsRuntime(Duration timeout, long statements, Duration coldWindow) {
        this.coldWindow = coldWindow;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (!timeout.isPositive()) throw new IllegalArgumentException("timeout must be positive");
        if (statements < 1) throw new IllegalArgumentException("statements must be at least 1");
        this.statements = statements;
        this.allocationLimit = allocationLimit(statements);
        AtomicInteger n = new AtomicInteger();
        // Calls are short and CPU-bound (the interpreter): a few platform threads, never one per call,
        // and at most half the cores (at least two), so that hostile hooks leave the engine a core.
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors() / 2);
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> daemon(niced(r), "vigil-js-" + n.incrementAndGet()));
        ((ThreadPoolExecutor) pool).allowCoreThreadTimeOut(true);
        ScheduledThreadPoolExecutor w = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "vigil-js-watchdog"));
        w.setRemoveOnCancelPolicy(true);
        this.watchdog = w;
    }

    /**
     * {@code r} on a thread with nice 10: on few cores, hooks that burn CPU must leave it to the
     * engine (death to event, spawns, the API) first. Where the call is not possible, normal priority.
     */
    private static Runnable niced(Runnable r) {
        return () -> {
            try {
                Libc.niceCurrentThread(HOOK_NICE);
            } catch (RuntimeException | LinkageError e) {
                // not Linux, or no native access: hooks run at normal priority
            }
            r.run();
        };
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** The wall-clock limit of one call. */
    public Duration timeout() {
        return timeout;
    }

    /** The statement limit of one call. */
    public long statements() {
        return statements;
    }

    /**
     * Runs {@code call} on the sandbox's pool. The future completes exceptionally only when {@code
     * call} throws (calls through {@link #call} do not) or the sandbox is closed.
     */
    <T> CompletableFuture<T> submit(Supplier<T> call) {
        try {
            return CompletableFuture.supplyAsync(call, pool);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("the JS sandbox is closed"));
        }
    }

    /** What one call does in its fresh context, before its deadline. */
    @FunctionalInterface
    interface Body<T> {
        T run(Context context, Deadline deadline) throws Exception;
    }

    /** When a call's time is up; host helpers (HTTP) bound their own waits by it. */
    record Deadline(long nanos) {
        Duration remaining() {
            return Duration.ofNanos(Math.max(0, nanos - System.nanoTime()));
        }
    }

    /** Why a call's answer is refused: the message names what was wrong, {@code line} where (0: unknown). */
    static final class BadAnswer extends RuntimeException {
        final int line;

        BadAnswer(String message, int line) {
            super(message, null, false, false);
            this.line = line;
        }
    }

    /** A call in flight: its context, its thread's allocation count at its start, and why the watchdog cancelled it, if it did. */
    private static final class Run {
        final Context context;
        final long thread = Thread.currentThread().threadId();
        final long allocatedBefore = THREADS.getThreadAllocatedBytes(thread);
        volatile String cancelled;

        Run(Context context) {
            this.context = context;
        }

        /** Bytes allocated by the call's thread since the call began (-1: unknown). */
        long allocated() {
            long now = THREADS.getThreadAllocatedBytes(thread);
            return now < 0 || allocatedBefore < 0 ? -1 : now - allocatedBefore;
        }

        void cancel(String why) {
            cancelled = why;
            try {
                context.close(true);
            } catch (RuntimeException ignored) {
                // already closed, or closing: the call ends either way
            }
        }
    }

    /**
     * Runs {@code body} on the calling thread in a fresh context, with {@code file} the name errors
     * carry when the failure has no location of its own. Never throws.
     */
    <T> Outcome<T> call(String file, Body<T> body) {
        Context context;
        try {
            context = Context.newBuilder("js")
                    .engine(engine())
                    .sandbox(SandboxPolicy.CONSTRAINED)
                    .resourceLimits(limits)
                    .option("js.load", "false")
                    .option("js.print", "false")
                    .out(OutputStream.nullOutputStream())
                    .err(OutputStream.nullOutputStream())
                    .build();
        } catch (RuntimeException e) {
            return new Outcome.Broken<>(new JsError(file, 0, "cannot create a JS context: " + e.getMessage()));
        }
        Run run = new Run(context);
        running.add(run);
        Duration limit = limit();
        Deadline deadline = new Deadline(System.nanoTime() + limit.toNanos());
        var timer = watchdog.schedule(() -> run.cancel("timed out after " + limit.toMillis() + "ms"), limit.toNanos(), TimeUnit.NANOSECONDS);
        // Only while a call runs: an idle vigil with hooks wakes for nothing.
        var memory = watchdog.scheduleWithFixedDelay(() -> checkMemory(run), MEMORY_CHECK_MILLIS, MEMORY_CHECK_MILLIS, TimeUnit.MILLISECONDS);
        try {
            return new Outcome.Done<>(body.run(context, deadline));
        } catch (PolyglotException e) {
            return new Outcome.Broken<>(Errors.of(e, file, run.cancelled, statements));
        } catch (BadAnswer e) {
            return new Outcome.Broken<>(new JsError(file, e.line, e.getMessage()));
        } catch (StackOverflowError e) {
            return new Outcome.Broken<>(new JsError(file, 0, "RangeError: Maximum call stack size exceeded"));
        } catch (Exception e) {
            String why = run.cancelled != null ? run.cancelled : e.getClass().getSimpleName() + ": " + e.getMessage();
            return new Outcome.Broken<>(new JsError(file, 0, why, run.cancelled != null));
        } finally {
            timer.cancel(false);
            memory.cancel(false);
            running.remove(run);
            try {
                context.close(run.cancelled != null);
            } catch (RuntimeException ignored) {
                // cancelled by the watchdog meanwhile: nothing left to close
            }
        }
    }

    private Engine engine() {
        Engine e = engine;
        if (e != null) return e;
        synchronized (this) {
            if (engine == null) {
                glue = new Glue();
                limits = ResourceLimits.newBuilder().statementLimit(statements, null).build();
                engine = Engine.newBuilder("js")
                        .sandbox(SandboxPolicy.CONSTRAINED)
                        .out(OutputStream.nullOutputStream())
                        .err(OutputStream.nullOutputStream())
                        .build();
                warmUp(engine);
                coldUntil = System.nanoTime() + coldWindow.toNanos();
            }
            return engine;
        }
    }

    /** This call's wall-clock limit: the configured one, or more while the interpreter is cold. */
    private Duration limit() {
        return !coldWindow.isZero() && System.nanoTime() - coldUntil < 0 && timeout.compareTo(COLD_LIMIT) < 0 ? COLD_LIMIT : timeout;
    }

    /**
     * Runs the glue once, untimed: the first context of an engine is slow (~0.5 s of class loading and
     * initialisation) and that must not count against the first script's time limit.
     */
    private void warmUp(Engine e) {
        try (Context c = Context.newBuilder("js").engine(e).sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream()).err(OutputStream.nullOutputStream()).build()) {
            Value helpers = glue.in(c);
            helpers.getMember("json").execute(helpers.getMember("event").execute("{\"seq\":1,\"to\":\"READY\"}"));
            c.eval("js", "function warm(x) { return [x].map(function (y) { return y + 1; }); } JSON.stringify(warm(1));");
        }
    }

    /** The glue helpers' source; valid once a call has begun. */
    Glue glue() {
        engine();
        return glue;
    }

    /** The HTTP client of {@code ctx.http}, created at its first use. */
    HttpClient http() {
        HttpClient h = http;
        if (h != null) return h;
        synchronized (this) {
            if (http == null) {
                http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(timeout)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
            }
            return http;
        }
    }

    /** The watchdog's look at a running call's memory: its own allocations, and the heap as a whole. */
    private void checkMemory(Run r) {
        if (r.cancelled != null) return;
        if (r.allocated() > allocationLimit) {
            r.cancel("memory limit: allocated more than " + (allocationLimit >> 20) + " MB");
            return;
        }
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        if (used > rt.maxMemory() * HEAP_CEILING) r.cancel("memory limit: the heap is " + Math.round(100.0 * used / rt.maxMemory()) + "% full");
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        pool.shutdownNow();
        running.forEach(r -> r.cancel("vigil is stopping"));
        Engine e = engine;
        if (e != null) {
            try {
                e.close(true);
            } catch (RuntimeException ignored) {
                // contexts still cancelling: the process is ending anyway
            }
        }
    }
}
