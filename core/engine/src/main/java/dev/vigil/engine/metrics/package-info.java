/**
 * vigil's Prometheus metrics: service states, restarts, last exit codes and time to ready; the
 * bus's event and subscriber counts; the latency of probe and provider checks. {@link
 * dev.vigil.engine.metrics.Metrics} keeps the counters and histograms (fed by an event-bus
 * listener and by the probe checker's timing hook) and renders the Prometheus text exposition
 * format (version 0.0.4) itself, so that the engine imports no metrics library and nothing of
 * HTTP: the control API only serves the text. Depends on {@code model}, {@code event}, {@code
 * probe} and {@code readiness} (to time the checks).
 */
package dev.vigil.engine.metrics;
