/**
 * Readiness: which sources a service's children must satisfy before it is READY (the marker file,
 * sd_notify's READY=1, declared sockets accepting, startup and readiness probes), their current
 * answers, and the liveness checks (probes, the sd_notify watchdog). Everything is pushed to the
 * service's mailbox; nothing here decides a state — it reports a level to the unit, which asks the
 * lifecycle. Depends on {@code model}, {@code clock}, {@code os}, {@code probe}.
 */
package dev.vigil.engine.readiness;
