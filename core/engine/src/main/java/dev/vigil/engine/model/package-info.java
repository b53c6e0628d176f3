/**
 * Declarations and observable facts: immutable records produced by a loader (specs) or by the engine
 * (status, exit). Depends on {@code java.*} and the probe declarations of {@code probe}.
 */
package dev.vigil.engine.model;
