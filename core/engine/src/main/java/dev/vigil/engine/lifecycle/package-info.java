/**
 * The lifecycle automaton: the table of legal edges between {@link dev.vigil.engine.model.ServiceState}s
 * and one pure function from (state, input) to (new state, effects). Owns no threads and no mutable
 * state; the supervisor applies the effects. Depends on {@code model} only.
 */
package dev.vigil.engine.lifecycle;
