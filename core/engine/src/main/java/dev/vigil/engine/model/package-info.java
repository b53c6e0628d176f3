/**
 * Declarations and observable facts: immutable records produced by a loader (specs) or by the engine
 * (status, exit). Depends on nothing but {@code java.*}.
 */
package dev.vigil.engine.model;
