package dev.vigil.dsl.js;

import dev.vigil.engine.event.Event;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.graalvm.polyglot.Value;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event hook file: its own bounded queue of events, drained one call at a time on the sandbox's
 * pool (each drain step resubmits itself, so hooks take turns), and what its file declares (whether
 * it has {@code on}, its {@link HookFilter}) read again when the file changes.
 *
 * <p>{@link #offer} is called by the dispatcher thread; a drain step runs on a pool thread; the two
 * meet under this object's lock.
 */
final class EventHook {

    private static final Logger LOG = LoggerFactory.getLogger(EventHook.class);
    static final int QUEUE = 1000;
    static final Duration PAUSE_FIRST = Duration.ofSeconds(1);
    static final Duration PAUSE_MAX = Duration.ofMinutes(1);
    static final int FAILURES_BEFORE_PAUSE = 3;
    private final ScriptFile file;
    private final JsRuntime runtime;
    private final HookApi api;
    private final Deque<Item> queue = new ArrayDeque<>();
    private boolean draining;
    private boolean full;
    private boolean closed;
    private Declared declared; // pool thread, one drain step at a time
    private String lastError;
    private Duration pause = Duration.ZERO; // pool thread too: the back-off after failures
    private long pausedUntil; // guarded by this: the dispatcher drops what comes meanwhile
    private long skipped; // guarded by this
    private int failures; // in a row

    private record Item(Event event, String json) {}

    /** What the file declares, as of one version of it; {@code broken} when it could not be read. */
    private record Declared(long version, boolean hasOn, HookFilter filter, boolean broken) {}

    EventHook(ScriptFile file, JsRuntime runtime, HookApi api) {
        this.file = file;
        this.runtime = runtime;
        this.api = api;
    }

    void offer(Event e, String json) {
        synchronized (this) {
            if (closed) return;
            if (System.nanoTime() - pausedUntil < 0) {
                skipped++; // paused: not even queued
                return;
            }
            if (queue.size() >= QUEUE) {
                if (!full) LOG.warn("event hook {} falls behind: events dropped until it catches up", file.name());
                full = true;
                return;
            }
            queue.add(new Item(e, json));
            if (draining) return;
            draining = true;
        }
        runtime.submit(this::step);
    }

    private Void step() {
        Item item;
        synchronized (this) {
            item = queue.poll();
            if (item == null) {
                draining = false;
                return null;
            }
        }
        try {
            handle(item);
        } finally {
            synchronized (this) {
                if (queue.isEmpty()) {
                    draining = false;
                    full = false; // caught up: the next overflow is news again
                } else {
                    runtime.submit(this::step);
                }
            }
        }
        return null;
    }

    /** Drops what is queued and takes nothing more; a call in flight ends within its limit. */
    synchronized void close() {
        closed = true;
        queue.clear();
    }

    private void handle(Item item) {
        Declared d = declared();
        if (d.broken() || !d.hasOn() || !d.filter().matches(item.event())) return;
        synchronized (this) {
            if (System.nanoTime() - pausedUntil < 0) {
                skipped++; // queued before the pause began
                return;
            }
        }
        Outcome<Void> outcome = runtime.call(file.name(), (context, deadline) -> {
            Value glue = runtime.glue().in(context);
            context.getBindings("js").putMember("vigil", api.object(file.name()));
            context.eval(ScriptRules.read(file));
            Value on = context.getBindings("js").getMember("on");
            if (on == null || !on.canExecute()) throw new JsRuntime.BadAnswer("no longer defines function on(event)", 0);
            on.execute(glue.getMember("event").execute(item.json()));
            return null;
        });
        report(outcome);
        backOff(outcome);
    }

    /**
     * A hook that hits a limit (time, statements, memory), or fails {@link #FAILURES_BEFORE_PAUSE}
     * times in a row, is paused for 1 s, doubling up to a minute while it goes on failing; the events
     * meanwhile are skipped. A clean run ends the back-off. Like a crash loop's backoff: a broken hook
     * costs the machine (CPU, garbage) nothing much while it stays broken.
     */
    private void backOff(Outcome<Void> outcome) {
        if (outcome instanceof Outcome.Broken<Void> b) failures++;
        else failures = 0;
        if (outcome instanceof Outcome.Broken<Void> b && (b.error().limit() || failures >= FAILURES_BEFORE_PAUSE)) {
            boolean first = pause.isZero();
            pause = first ? PAUSE_FIRST : (pause.multipliedBy(2).compareTo(PAUSE_MAX) > 0 ? PAUSE_MAX : pause.multipliedBy(2));
            // ±25 %: hooks broken together (a bad deploy of many files) must not all retry at once.
            long jittered = (long) (pause.toNanos() * (0.75 + 0.5 * java.util.concurrent.ThreadLocalRandom.current().nextDouble()));
            synchronized (this) {
                pausedUntil = System.nanoTime() + jittered;
            }
            if (first) {
                LOG.warn("event hook {} {}: paused for 1 s, doubling up to 1 min while it fails (events meanwhile are skipped)", file.name(),
                        b.error().limit() ? "hit a limit" : "failed " + failures + " times in a row");
            }
            else LOG.debug("event hook {} hit a limit again: paused for {} s", file.name(), pause.toSeconds());
        } else if (!pause.isZero()) {
            long n;
            synchronized (this) {
                n = skipped;
                skipped = 0;
            }
            LOG.info("event hook {}: {} events were skipped while it was paused", file.name(), n);
            pause = Duration.ZERO;
        }
    }

    /** What the file declares now: read again (one JS call) only when the file changed. */
    private Declared declared() {
        long version;
        try {
            file.source();
            version = file.version();
        } catch (IOException e) {
            report(new Outcome.Broken<>(new JsError(file.name(), 0, "cannot read: " + e)));
            return new Declared(-1, false, HookFilter.ALL, true);
        }
        if (declared != null && declared.version() == version) return declared;
        Outcome<Declared> outcome = runtime.call(file.name(), (context, deadline) -> {
            context.getBindings("js").putMember("vigil", api.object(file.name()));
            context.eval(ScriptRules.read(file));
            Value on = context.getBindings("js").getMember("on");
            boolean hasOn = on != null && on.canExecute();
            HookFilter filter = hasOn ? HookFilter.of(context.getBindings("js").getMember("filter")) : HookFilter.ALL;
            return new Declared(version, hasOn, filter, false);
        });
        declared = switch (outcome) {
            case Outcome.Done<Declared> done -> done.value();
            case Outcome.Broken<Declared> b -> new Declared(version, false, HookFilter.ALL, true);
        };
        report(outcome);
        if (!declared.broken() && declared.hasOn()) LOG.info("event hook {} loaded", file.name());
        if (!declared.broken() && !declared.hasOn()) LOG.debug("{} defines no on(event): not an event hook", file.name());
        return declared;
    }

    private void report(Outcome<?> outcome) {
        if (outcome instanceof Outcome.Broken<?> b) {
            String text = b.error().toString();
            if (!text.equals(lastError)) LOG.warn("event hook {}", text);
            lastError = text;
        } else if (lastError != null) {
            LOG.info("event hook {} runs cleanly again", file.name());
            lastError = null;
        }
    }
}
