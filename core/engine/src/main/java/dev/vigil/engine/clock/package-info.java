/**
 * Time for the engine: the {@link dev.vigil.engine.clock.Scheduler} every timer goes through, and
 * its real implementation. Injected everywhere, so that tests drive a fake clock. Depends on
 * {@code java.*} only.
 */
package dev.vigil.engine.clock;
