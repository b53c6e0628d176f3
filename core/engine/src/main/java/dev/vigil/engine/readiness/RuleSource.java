package dev.vigil.engine.readiness;

import dev.vigil.engine.clock.Scheduler;
import dev.vigil.engine.readiness.Board.Answer;
import dev.vigil.engine.readiness.RulePort.Rule;
import dev.vigil.engine.spi.ProbeResult;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A readiness rule as a readiness source of one spawn: asks the rule every {@code interval} (never
 * two at once, the next one an interval after the previous answer) and puts its answer on the board.
 * A broken rule (its answer a {@code Failed}) counts as not ready, with the rule's error as detail.
 *
 * <p>Mailbox-confined, like the rest of a round.
 */
final class RuleSource {

    private final Board board;
    private final Listener listener;
    private final String name;
    private final AskLoop<ProbeResult> loop;
    private ProbeResult last;

    /** The parameters of a rule source that do not change while it runs. */
    record Setup(Rule rule, String name, String child, Duration interval, Supplier<ProbeResult> probe) {}

    RuleSource(Setup setup, Scheduler scheduler, Executor mailbox, Board board, Listener listener, BooleanSupplier live, Runnable report) {
        this.name = setup.name();
        this.board = board;
        this.listener = listener;
        this.loop = new AskLoop<>(() -> setup.rule().check(setup.child(), setup.probe().get()), this::apply, setup::interval,
                new AskLoop.Round(scheduler, mailbox, live, report));
    }

    void start() {
        board.require(name);
        loop.start();
    }

    void stop() {
        loop.stop();
    }

    /** The rule's last answer, or null before the first. */
    ProbeResult last() {
        return last;
    }

    private void apply(ProbeResult r) {
        last = r;
        switch (r) {
            case ProbeResult.Starting s -> board.set(name, Answer.MISSING, s.detail());
            case ProbeResult.Warming w -> board.set(name, Answer.WARMING, w.detail());
            case ProbeResult.Ready rd -> holds(Answer.HOLDS, rd.detail());
            case ProbeResult.Serving sv -> holds(Answer.SERVING, sv.detail());
            case ProbeResult.Idle id -> board.set(name, Answer.IDLE, id.detail());
            case ProbeResult.Failed f -> board.set(name, Answer.MISSING, f.detail());
        }
    }

    private void holds(Answer answer, String detail) {
        board.set(name, answer, null);
        if (detail != null && !detail.isBlank()) listener.statusText(detail);
    }
}
