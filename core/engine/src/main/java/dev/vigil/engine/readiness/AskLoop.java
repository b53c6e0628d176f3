package dev.vigil.engine.readiness;

import dev.vigil.engine.clock.Scheduler;
import dev.vigil.engine.clock.Scheduler.Timer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The loop of a source that asks (a provider probe, a readiness rule): ask, take the answer on the
 * mailbox while the round lives, apply it, report, and ask again {@code delay} after the answer, so
 * that two asks never overlap.
 *
 * <p>Mailbox-confined, like the rest of a round.
 */
final class AskLoop<T> {

    private final Supplier<CompletableFuture<T>> ask;
    private final Consumer<T> apply;
    private final Supplier<Duration> delay;
    private final Scheduler scheduler;
    private final Executor mailbox;
    private final BooleanSupplier live;
    private final Runnable report;
    private Timer next;

    /** How the loop reaches its round: where answers go, whether the round still lives, how it reports. */
    record Round(Scheduler scheduler, Executor mailbox, BooleanSupplier live, Runnable report) {}

    AskLoop(Supplier<CompletableFuture<T>> ask, Consumer<T> apply, Supplier<Duration> delay, Round round) {
        this.ask = ask;
        this.apply = apply;
        this.delay = delay;
        this.scheduler = round.scheduler();
        this.mailbox = round.mailbox();
        this.live = round.live();
        this.report = round.report();
    }

    /** Asks now, then on and on. */
    void start() {
        ask.get().thenAccept(answer -> mailbox.execute(() -> {
            if (!live.getAsBoolean()) return;
            apply.accept(answer);
            report.run();
            next = scheduler.schedule(delay.get(), () -> mailbox.execute(() -> {
                if (live.getAsBoolean()) start();
            }));
        }));
    }

    void stop() {
        if (next != null) next.cancel();
    }
}
