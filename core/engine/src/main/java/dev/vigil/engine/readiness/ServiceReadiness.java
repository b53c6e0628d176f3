package dev.vigil.engine.readiness;

import dev.vigil.engine.clock.Scheduler.Timer;
import dev.vigil.engine.model.ProbeRole;
import dev.vigil.engine.model.ProbeSpec;
import dev.vigil.engine.model.ProbeTarget;
import dev.vigil.engine.model.ServiceSpec;
import dev.vigil.engine.model.ServiceState;
import dev.vigil.engine.model.SocketSpec;
import dev.vigil.engine.os.NotifyMessage;
import dev.vigil.engine.os.NotifyReceiver;
import dev.vigil.engine.os.PortOwner;
import dev.vigil.engine.probe.CheckResult;
import dev.vigil.engine.probe.ProbeLoop;
import dev.vigil.engine.probe.Verdict;
import dev.vigil.engine.readiness.Board.Answer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import dev.vigil.engine.spi.ProbeResult;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The readiness of one service, spawn after spawn: prepares each child's marker and notify socket,
 * then gathers the answers of every source and reports the level they add up to.
 *
 * <p>Every method runs on the unit's mailbox; callbacks from the outside (inotify, notify datagrams,
 * probe results) are posted to {@code mailbox} and dropped when they belong to an earlier spawn.
 */
public final class ServiceReadiness {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceReadiness.class);
    private static final Duration SOCKET_CHECK_TIMEOUT = Duration.ofMillis(500);
    private static final Duration SOCKET_RETRY_MAX = Duration.ofMillis(200);
    private final ServiceSpec spec;
    private final Ports ports;
    private final Executor mailbox;
    private final Listener listener;
    private Round round;
    private boolean markersWatched;
    private ProviderPort.ProviderProbe providerProbe;
    private RulePort.Rule rule;

    /** The sources of one spawn. */
    private final class Round {
        final int epoch;
        final Board board = new Board();
        final List<NotifyReceiver.Registration> sockets = new ArrayList<>();
        final List<ProbeLoop> loops = new ArrayList<>();
        final List<Timer> timers = new ArrayList<>();
        Timer watchdog;
        ProviderSource provider;
        RuleSource rule;
        ServiceState reported;
        boolean ended;

        Round(int epoch) {
            this.epoch = epoch;
        }
    }

    public ServiceReadiness(ServiceSpec spec, Ports ports, Executor mailbox, Listener listener) {
        this.spec = spec;
        this.ports = ports;
        this.mailbox = mailbox;
        this.listener = listener;
    }

    /**
     * Readies child {@code child} of spawn {@code epoch}: refuses a declared TCP port someone else
     * listens on, removes a stale marker, opens the notify socket.
     *
     * @return the variables to add to the child's environment
     * @throws IOException with a message for people when the child must not be spawned
     */
    public Map<String, String> prepare(int epoch, String child) throws IOException {
        if (round == null || round.epoch != epoch) {
            end();
            round = new Round(epoch);
            checkPorts();
        }
        Map<String, String> env = new HashMap<>();
        if (spec.readiness().marker()) {
            Path marker = requireMarker(child);
            Files.deleteIfExists(marker);
            env.put("VIGIL_READY_FILE", marker.toString());
        }
        if (spec.readiness().sdNotify()) {
            Path path = ports.runtimeDir().resolve("notify").resolve(spec.name() + "." + child + ".sock");
            openNotify(epoch, child, path);
            env.put("NOTIFY_SOCKET", path.toString());
            Duration wd = spec.readiness().watchdog();
            if (!wd.isZero()) env.put("WATCHDOG_USEC", String.valueOf(wd.toNanos() / 1000));
        }
        return env;
    }

    /**
     * Readies child {@code child} of a process that outlived a previous vigil, for round {@code
     * epoch}: its marker is kept (it may well be there), its notify socket is bound again at the
     * path in the child's environment, and a {@code READY=1} it sent before ({@code notifyReady})
     * holds without being sent again. Declared ports are not checked: the child holds them.
     *
     * @throws IOException when the notify socket cannot be bound again
     */
    public void reattach(int epoch, String child, String notifySocket, boolean notifyReady) throws IOException {
        if (round == null || round.epoch != epoch) {
            end();
            round = new Round(epoch);
        }
        if (spec.readiness().marker()) requireMarker(child);
        if (spec.readiness().sdNotify()) {
            Path path = notifySocket != null ? Path.of(notifySocket)
                    : ports.runtimeDir().resolve("notify").resolve(spec.name() + "." + child + ".sock");
            openNotify(epoch, child, path);
            if (notifyReady) round.board.set(notifyName(child), Answer.HOLDS, null);
        }
    }

    /** Whether the service uses sd_notify and every child's {@code READY=1} holds in this round. */
    public boolean notifyHeld() {
        Round r = round;
        if (!spec.readiness().sdNotify() || r == null || r.ended) return false;
        return spec.children().stream().allMatch(c -> r.board.holds(notifyName(c.name())));
    }

    private Path requireMarker(String child) throws IOException {
        Path marker = marker(child);
        Files.createDirectories(marker.getParent());
        if (!markersWatched) {
            ports.markers().watch(marker.getParent(), name -> mailbox.execute(this::markersChanged));
            markersWatched = true;
        }
        round.board.require(markerName(child));
        return marker;
    }

    private void openNotify(int epoch, String child, Path path) throws IOException {
        Files.createDirectories(path.getParent());
        round.sockets.add(ports.notifications().open(path, m -> mailbox.execute(() -> notified(epoch, child, m))));
        round.board.require(notifyName(child));
    }

    private void checkPorts() throws IOException {
        for (SocketSpec s : spec.sockets()) {
            if (s instanceof SocketSpec.Tcp tcp) {
                var owner = PortOwner.listenerOn(tcp.port());
                if (owner.isPresent()) {
                    throw new IOException("port " + tcp.port() + " (" + tcp.uri() + ") is already in use by " + owner.get());
                }
            }
        }
    }

    /** Every child is spawned: starts sockets, probes and the watchdog, and reports the first level. */
    public void spawned(int epoch) {
        spawned(epoch, false);
    }

    /**
     * Like {@link #spawned(int)}; for an adopted service ({@code adopted}), without the sources that
     * only a child vigil spawned can satisfy (marker, notify, watchdog).
     */
    public void spawned(int epoch, boolean adopted) {
        if (round == null || round.epoch != epoch) round = new Round(epoch);
        if (spec.readiness().sockets()) {
            for (SocketSpec s : spec.sockets()) {
                round.board.require("socket " + s.uri());
                awaitSocket(round, s, Duration.ofMillis(5));
            }
        }
        List<ProbeSpec> startup = spec.probes().stream().filter(p -> p.role() == ProbeRole.STARTUP).toList();
        for (ProbeSpec p : startup) {
            round.board.require(probeName(p));
            runProbe(round, p);
        }
        for (ProbeSpec p : spec.probes()) {
            if (p.role() == ProbeRole.READINESS) round.board.require(probeName(p));
        }
        if (startup.isEmpty()) startOtherProbes(round);
        if (spec.provider() != null) startProvider(round);
        if (spec.readiness().hasScript()) startRule(round);
        if (!spec.readiness().watchdog().isZero() && !adopted) armWatchdog(round);
        if (!adopted) markersChanged();
        if (round.board.isEmpty()) {
            if (!spec.oneshot() && !adopted) listener.level(ServiceState.READY, "running; no readiness source");
        } else if (!adopted) {
            report(round); // an adopted service keeps its level until a source answers
        }
    }

    /** The spawn is over (stopping, crashed, exited): stops every source. */
    public void end() {
        Round r = round;
        if (r == null || r.ended) return;
        r.ended = true;
        r.sockets.forEach(NotifyReceiver.Registration::close);
        r.loops.forEach(ProbeLoop::stop);
        r.timers.forEach(Timer::cancel);
        if (r.watchdog != null) r.watchdog.cancel();
        if (r.provider != null) r.provider.stop();
        if (r.rule != null) r.rule.stop();
    }

    private void startRule(Round r) {
        String name = ruleName();
        if (rule == null) {
            try {
                if (ports.rules() == null) throw new IllegalArgumentException("readiness rules are not available in this vigil");
                rule = ports.rules().open(spec);
            } catch (IllegalArgumentException e) {
                r.board.require(name);
                r.board.set(name, Answer.MISSING, "hook error: " + e.getMessage());
                LOG.error("{}: {}: {}", spec.name(), name, e.getMessage());
                return;
            }
        }
        var setup = new RuleSource.Setup(rule, name, spec.children().getFirst().name(), spec.readiness().scriptInterval(), () -> lastProbe(r));
        r.rule = new RuleSource(setup, ports.scheduler(), mailbox, r.board, listener, () -> !r.ended && round == r, () -> report(r));
        r.rule.start();
    }

    /** What a rule sees as {@code ctx.probe}: the provider's last answer, else the first built-in probe's, else null. */
    private static ProbeResult lastProbe(Round r) {
        if (r.provider != null && r.provider.last() != null) return r.provider.last();
        for (ProbeLoop loop : r.loops) {
            var result = loop.lastResult();
            if (result.isPresent()) {
                return result.get() instanceof CheckResult.Pass p
                        ? new ProbeResult.Ready(List.of(), p.detail())
                        : new ProbeResult.Starting(result.get().text());
            }
        }
        return null;
    }

    private String ruleName() {
        return "rule " + spec.readiness().script().getFileName();
    }

    private void startProvider(Round r) {
        if (providerProbe == null) {
            try {
                providerProbe = ports.providers().open(spec);
            } catch (IllegalArgumentException e) {
                r.board.require("provider " + spec.provider().kind());
                r.board.set("provider " + spec.provider().kind(), Answer.MISSING, e.getMessage());
                LOG.error("{}: provider {}: {}", spec.name(), spec.provider().kind(), e.getMessage());
                return;
            }
        }
        r.provider = new ProviderSource(spec.provider(), providerProbe, ports.scheduler(), mailbox, r.board, listener,
                () -> !r.ended && round == r, () -> report(r));
        r.provider.start();
    }

    /**
     * Whether the service already runs outside vigil, by its provider's one-shot check: the level to
     * adopt it at (READY, SERVING or IDLE) with the provider's detail, or empty. Completes on a
     * provider thread; never exceptionally.
     */
    public CompletableFuture<Optional<Map.Entry<ServiceState, String>>> adoptable() {
        if (spec.provider() == null || ports.providers() == null) return CompletableFuture.completedFuture(Optional.empty());
        try {
            if (providerProbe == null) providerProbe = ports.providers().open(spec);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return providerProbe.adopt(spec.provider().timeout()).thenApply(r -> switch (r) {
            case ProbeResult.Ready rd -> Optional.of(Map.entry(ServiceState.READY, "adopted: " + rd.detail()));
            case ProbeResult.Serving sv -> Optional.of(Map.entry(ServiceState.SERVING, "adopted: " + sv.detail()));
            case ProbeResult.Idle id -> Optional.of(Map.entry(ServiceState.IDLE, "adopted: " + id.detail()));
            default -> Optional.<Map.Entry<ServiceState, String>>empty();
        });
    }

    /** The provider's words for how the process ended (llama-server's exit 1 while loading: model load failed). */
    public Optional<String> explainExit(int code, int signal) {
        Round r = round;
        if (providerProbe == null || r == null || r.provider == null) return Optional.empty();
        return providerProbe.explainExit(code, signal, r.provider.last());
    }

    /** Releases the provider probe (the service is removed, or vigil stops). */
    public void close() {
        end();
        if (providerProbe != null) providerProbe.close();
        if (rule != null) rule.close();
    }

    /** What is still missing, for the ready_timeout message. */
    public String missing() {
        return round == null ? "nothing spawned" : round.board.detail();
    }

    /** Which sources decide READY, for the status: {@code none}, or e.g. {@code marker, notify, sockets, probes, rule F.js}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (spec.readiness().marker()) parts.add("marker");
        if (spec.readiness().sdNotify()) parts.add("notify");
        if (spec.readiness().sockets()) parts.add("sockets");
        for (ProbeSpec p : spec.probes()) parts.add(p.role().toString() + " probe");
        if (spec.provider() != null) parts.add("provider " + spec.provider().kind());
        if (spec.readiness().hasScript()) parts.add(ruleName());
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    private Path marker(String child) {
        Path dir = ports.runtimeDir().resolve("ready").resolve(spec.name());
        return dir.resolve(spec.isMultiChild() ? ".ready." + child : ".ready");
    }

    private String markerName(String child) {
        return spec.isMultiChild() ? "marker of child " + child : "marker";
    }

    private String notifyName(String child) {
        return spec.isMultiChild() ? "READY=1 of child " + child : "READY=1";
    }

    private static String probeName(ProbeSpec p) {
        return p.role() + " probe " + p.target().describe();
    }

    private void markersChanged() {
        if (!spec.readiness().marker()) return;
        Round r = round;
        boolean live = r != null && !r.ended;
        for (var child : spec.children()) {
            Path marker = marker(child.name());
            boolean present = Files.exists(marker);
            if (!live) {
                if (present) {
                    LOG.warn("{}: marker {} appeared while no process of the service runs; removed", spec.name(), marker);
                    try {
                        Files.deleteIfExists(marker);
                    } catch (IOException e) {
                        LOG.warn("{}: cannot remove {}: {}", spec.name(), marker, e.toString());
                    }
                }
                continue;
            }
            r.board.set(markerName(child.name()), present ? Answer.HOLDS : Answer.MISSING, present ? null : "no " + marker);
        }
        if (live) report(r);
    }

    private void notified(int epoch, String child, NotifyMessage m) {
        Round r = round;
        if (r == null || r.ended || r.epoch != epoch) return;
        String name = notifyName(child);
        m.status().ifPresent(s -> {
            listener.statusText(s);
            // Like systemd, STATUS= alone is news, not a withdrawal: it warms only what is not ready yet.
            if (!m.ready() && !r.board.holds(name)) r.board.set(name, Answer.WARMING, s);
        });
        if (m.reloading()) r.board.set(name, Answer.WARMING, "reloading");
        if (m.ready()) r.board.set(name, Answer.HOLDS, null);
        if (m.stopping()) listener.statusText("stopping" + m.status().map(s -> ": " + s).orElse(""));
        m.errno().ifPresent(e -> listener.statusText("errno " + e + m.status().map(s -> ": " + s).orElse("")));
        m.mainPid().ifPresent(pid -> LOG.info("{}: child {} says MAINPID={}; vigil keeps supervising the process it spawned", spec.name(), child, pid));
        m.extendTimeout().ifPresent(listener::extendReadyTimeout);
        if (m.watchdog() && r.watchdog != null) armWatchdog(r);
        if (m.watchdogTrigger()) listener.livenessFailed("watchdog triggered by child " + child + " (WATCHDOG=trigger)");
        report(r);
    }

    private void armWatchdog(Round r) {
        if (r.watchdog != null) r.watchdog.cancel();
        Duration wd = spec.readiness().watchdog();
        r.watchdog = ports.scheduler().schedule(wd, () -> mailbox.execute(() -> {
            if (!r.ended && round == r) listener.livenessFailed("watchdog: no WATCHDOG=1 within " + wd.toMillis() + "ms");
        }));
    }

    private void awaitSocket(Round r, SocketSpec s, Duration retry) {
        ProbeTarget target = switch (s) {
            case SocketSpec.Tcp t -> new ProbeTarget.Tcp(t.host(), t.port());
            case SocketSpec.Unix u -> new ProbeTarget.Unix(u.path());
        };
        ports.checker().check(target, SOCKET_CHECK_TIMEOUT).thenAccept(result -> mailbox.execute(() -> {
            if (r.ended || round != r) return;
            if (result.passed()) {
                r.board.set("socket " + s.uri(), Answer.HOLDS, null);
                report(r);
            } else {
                r.board.set("socket " + s.uri(), Answer.MISSING, result.text());
                Duration next = retry.multipliedBy(2).compareTo(SOCKET_RETRY_MAX) > 0 ? SOCKET_RETRY_MAX : retry.multipliedBy(2);
                r.timers.add(ports.scheduler().schedule(retry, () -> mailbox.execute(() -> {
                    if (!r.ended && round == r) awaitSocket(r, s, next);
                })));
            }
        }));
    }

    private void runProbe(Round r, ProbeSpec p) {
        ProbeLoop loop = new ProbeLoop(p, ports.checker(), ports.scheduler(), v -> mailbox.execute(() -> verdict(r, p, v)));
        r.loops.add(loop);
        loop.start();
    }

    private void startOtherProbes(Round r) {
        for (ProbeSpec p : spec.probes()) {
            if (p.role() != ProbeRole.STARTUP) runProbe(r, p);
        }
    }

    private void verdict(Round r, ProbeSpec p, Verdict v) {
        if (r.ended || round != r) return;
        switch (p.role()) {
            case STARTUP -> {
                if (!v.passing()) {
                    r.board.set(probeName(p), Answer.MISSING, v.last().text());
                } else {
                    r.board.set(probeName(p), Answer.HOLDS, null);
                    r.loops.stream().filter(l -> l.spec() == p).forEach(ProbeLoop::stop);
                    boolean allPassed = spec.probes().stream().filter(q -> q.role() == ProbeRole.STARTUP)
                            .allMatch(q -> r.loops.stream().anyMatch(l -> l.spec() == q && passed(l)));
                    if (allPassed) startOtherProbes(r);
                }
            }
            case READINESS -> r.board.set(probeName(p), v.passing() ? Answer.HOLDS : Answer.MISSING, v.passing() ? null : v.last().text());
            case LIVENESS -> {
                if (!v.passing()) listener.livenessFailed(p.target().describe() + ": " + v.last().text());
            }
        }
        report(r);
    }

    private static boolean passed(ProbeLoop l) {
        return l.lastResult().map(CheckResult::passed).orElse(false);
    }

    private void report(Round r) {
        if (r.board.isEmpty()) return;
        ServiceState level = r.board.level();
        if (level == r.reported && level != ServiceState.WARMING) {
            listener.detail(r.board.detail());
            return;
        }
        r.reported = level;
        listener.level(level, r.board.detail());
    }
}
