/**
 * JS hooks on GraalJS: readiness rules ({@link dev.vigil.dsl.js.ScriptRules}, the engine's {@code
 * RulePort}), event hooks ({@link dev.vigil.dsl.js.EventHooks}) and expressions ({@link
 * dev.vigil.dsl.js.Expressions}, what {@code vigil js} runs). Every call runs in a fresh {@code
 * Context} on one shared {@code Engine} ({@link dev.vigil.dsl.js.JsRuntime}) under {@code
 * SandboxPolicy.CONSTRAINED}, with a statement limit and a wall-clock limit enforced by a watchdog;
 * any failure of a script becomes a {@link dev.vigil.dsl.js.JsError} naming its file and line.
 * Depends on the engine's model, event, readiness and supervise packages; the engine knows nothing
 * of it. No GraalJS class is loaded until the first call.
 */
package dev.vigil.dsl.js;
