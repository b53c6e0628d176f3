/**
 * Transitions as immutable events on a bus. A subscriber first gets a snapshot of every service,
 * then every event after it, in sequence order; a subscriber that falls too far behind is cut off
 * with a reason instead of blocking the engine. Depends on {@code model} only.
 */
package dev.vigil.engine.event;
