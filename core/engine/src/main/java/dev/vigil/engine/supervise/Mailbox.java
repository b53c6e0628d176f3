package dev.vigil.engine.supervise;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: a unit's single thread of
 * control without a thread per unit. A task that throws is logged and the mailbox goes on.
 */
final class Mailbox implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(Mailbox.class);
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Executor executor;
    private final String name;

    Mailbox(Executor executor, String name) {
        this.executor = executor;
        this.name = name;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (scheduled.compareAndSet(false, true)) executor.execute(this::drain);
    }

    private void drain() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.error("{}: task failed; the unit goes on", name, e);
            }
        }
        scheduled.set(false);
        // A task added between the last poll and the reset would otherwise wait for the next one.
        if (!tasks.isEmpty() && scheduled.compareAndSet(false, true)) executor.execute(this::drain);
    }
}
