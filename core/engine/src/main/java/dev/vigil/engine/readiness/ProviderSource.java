package dev.vigil.engine.readiness;

import dev.vigil.engine.clock.Scheduler;
import dev.vigil.engine.model.ProviderSpec;
import dev.vigil.engine.readiness.Board.Answer;
import dev.vigil.engine.readiness.ProviderPort.ProviderProbe;
import dev.vigil.engine.spi.ProbeResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * The provider probe as a readiness source of one spawn: it checks every {@code interval} (never two
 * at once), turns each result into the board's answer, and after READY counts definitive failures
 * as liveness strikes. An inconclusive failure (a timeout while busy) changes nothing.
 *
 * <p>Mailbox-confined, like the rest of a round.
 */
final class ProviderSource {

    private final ProviderSpec spec;
    private final Board board;
    private final Listener listener;
    private final BooleanSupplier live;
    private final Runnable report;
    private final String name;
    private final AskLoop<ProbeResult> loop;
    private ProbeResult last;
    private int strikes;
    private boolean wasHealthy;

    ProviderSource(ProviderSpec spec, ProviderProbe probe, Scheduler scheduler, Executor mailbox, Board board, Listener listener,
            BooleanSupplier live, Runnable report) {
        this.spec = spec;
        this.board = board;
        this.listener = listener;
        this.live = live;
        this.report = report;
        this.name = "provider " + spec.kind();
        // ±10 % so that services declared together do not probe in lockstep.
        this.loop = new AskLoop<>(() -> probe.check(spec.timeout()), this::apply,
                () -> Duration.ofNanos((long) (spec.interval().toNanos() * (0.9 + 0.2 * ThreadLocalRandom.current().nextDouble()))),
                new AskLoop.Round(scheduler, mailbox, live, report));
    }

    void start() {
        board.require(name);
        loop.start();
    }

    void stop() {
        loop.stop();
    }

    ProbeResult last() {
        return last;
    }

    private void apply(ProbeResult r) {
        if (r instanceof ProbeResult.Starting s && wasHealthy) {
            // It was up and now nothing answers: broken, whether vigil watches its pid or not.
            r = new ProbeResult.Failed("no longer answers: " + s.detail(), true);
        }
        if (r instanceof ProbeResult.Failed f) {
            if (!f.definitive()) return; // inconclusive: no strike, no change
            strikes++;
            if (wasHealthy) {
                if (strikes >= spec.strikes()) {
                    // UNHEALTHY first, visibly; then the restart policy decides (a liveness failure).
                    board.set(name, Answer.MISSING, f.detail());
                    report.run();
                    if (live.getAsBoolean()) listener.livenessFailed(name + ": " + f.detail() + " (" + strikes + " in a row)");
                }
            } else {
                board.set(name, Answer.MISSING, f.detail());
            }
            // last stays the last conclusive answer: a check cut short by the process's own death
            // must not hide that it was still loading (what explainExit reads).
            return;
        }
        strikes = 0;
        last = r;
        switch (r) {
            case ProbeResult.Starting s -> board.set(name, Answer.MISSING, s.detail());
            case ProbeResult.Warming w -> board.set(name, Answer.WARMING,
                    w.progress() == null || w.detail().contains("%") ? w.detail() : w.detail() + " " + Math.round(w.progress() * 100) + "%");
            case ProbeResult.Ready rd -> healthy(Answer.HOLDS, rd.models());
            case ProbeResult.Serving sv -> healthy(Answer.SERVING, sv.models());
            case ProbeResult.Idle id -> {
                board.set(name, Answer.IDLE, id.detail());
                wasHealthy = true;
                listener.statusText(id.detail() + models(id.models()));
            }
            case ProbeResult.Failed f -> throw new IllegalStateException("handled above");
        }
    }

    private void healthy(Answer answer, List<ProbeResult.Model> models) {
        board.set(name, answer, null);
        wasHealthy = true;
        if (!models.isEmpty()) listener.statusText(models(models).substring(2));
    }

    private static String models(List<ProbeResult.Model> models) {
        if (models.isEmpty()) return "";
        return "; models: " + models.stream()
                .map(m -> m.id() + " (" + m.state() + (m.exitCode() == null ? "" : ", exit " + m.exitCode()) + ")")
                .collect(Collectors.joining(", "));
    }
}
