package dev.vigil.engine.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes that must not sit on the engine's path: {@link #submit} only enqueues; one thread applies
 * whatever has queued up in one transaction, so a burst of a thousand changes is one commit.
 *
 * <p>Thread-safe. A failed batch is logged and dropped (the engine carries on; the next state change
 * writes the newer truth). {@link #flush} completes once everything submitted before it is durable.
 */
public final class WriteBehind implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WriteBehind.class);
    private final Database db;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;

    public WriteBehind(Database db) {
        this.db = db;
        this.writer = Thread.ofPlatform().daemon().name("vigil-store-writer").start(this::drain);
    }

    /** Queues {@code change}; returns at once. */
    public void submit(Database.Change change) {
        if (!closed) queue.add(change);
    }

    /** Completes when every change submitted before this call is committed. */
    public CompletableFuture<Void> flush() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed && !writer.isAlive()) {
            done.complete(null);
            return done;
        }
        queue.add(done);
        return done;
    }

    private void drain() {
        List<Object> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                if (closed && queue.isEmpty()) return;
                continue;
            }
            queue.drainTo(batch);
            apply(batch);
            batch.clear();
            if (closed && queue.isEmpty()) return;
        }
    }

    private void apply(List<Object> batch) {
        List<Database.Change> changes = new ArrayList<>();
        List<CompletableFuture<Void>> flushes = new ArrayList<>();
        for (Object o : batch) {
            if (o instanceof Database.Change c) changes.add(c);
            else if (o instanceof CompletableFuture<?> f) {
                @SuppressWarnings("unchecked")
                CompletableFuture<Void> v = (CompletableFuture<Void>) f;
                flushes.add(v);
            }
        }
        if (!changes.isEmpty()) {
            try {
                db.write(c -> {
                    for (Database.Change ch : changes) ch.apply(c);
                });
            } catch (RuntimeException e) {
                LOG.error("store: {} queued change(s) not saved: {}", changes.size(), e.getMessage());
            }
        }
        flushes.forEach(f -> f.complete(null));
    }

    /** Saves what is queued, then stops the writer. */
    @Override
    public void close() {
        flush().join();
        closed = true;
        writer.interrupt();
    }
}
