package dev.vigil.engine.readiness;

import dev.vigil.engine.clock.Scheduler;
import dev.vigil.engine.os.MarkerWatch;
import dev.vigil.engine.os.NotifyReceiver;
import dev.vigil.engine.probe.Checker;
import java.nio.file.Path;

/**
 * What readiness needs from the outside, shared by every service of a supervisor.
 *
 * @param runtimeDir markers go to {@code ready/SERVICE/}, notify sockets to {@code notify/}
 * @param rules readiness rules, or null when no service declares one
 */
public record Ports(
        Path runtimeDir, Scheduler scheduler, MarkerWatch markers, NotifyReceiver notifications, Checker checker, ProviderPort providers,
        RulePort rules) {

    /** Ports without readiness rules. */
    public Ports(Path runtimeDir, Scheduler scheduler, MarkerWatch markers, NotifyReceiver notifications, Checker checker, ProviderPort providers) {
        this(runtimeDir, scheduler, markers, notifications, checker, providers, null);
    }
}
