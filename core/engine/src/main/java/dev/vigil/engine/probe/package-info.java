/**
 * Built-in probes: tcp, unix, http and exec checks, each bounded by its timeout; the counting of
 * consecutive results against a probe's thresholds; and {@link dev.vigil.engine.probe.ProbeLoop},
 * which runs one {@link dev.vigil.engine.probe.ProbeSpec} on the injected scheduler and reports a
 * {@link dev.vigil.engine.probe.Verdict} only when it flips.
 *
 * <p>Owns the probe declarations (records), the {@link dev.vigil.engine.probe.Checker} (one per
 * supervisor: one HTTP client, one timeout thread, a virtual thread per running check) and a small
 * strict JSON reader used only to match a JSON Pointer in an http probe's body. It decides nothing
 * about service states: the supervisor maps verdicts to transitions (startup gates the others,
 * readiness toggles READY/UNHEALTHY, liveness kills). Depends on {@code java.*}, slf4j, {@code
 * supervise.Scheduler} (time), {@code os.Libc} (killing an exec probe's process group) and {@code
 * model.ExitStatus}.
 */
package dev.vigil.engine.probe;

import dev.vigil.engine.model.ProbeSpec;
