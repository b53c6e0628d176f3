/**
 * TOML declarations: reads a config folder ({@code vigil.toml} and {@code services/*.toml}) into
 * the engine's spec records, or reports every problem at once as {@code file:line:col: message}.
 *
 * <p>Owns the loader pipeline (parse → map → defaults → validators → specs) and the small parsers it
 * needs (durations, sizes, command lines, socket URIs). Exports {@link dev.vigil.dsl.toml.ConfigLoader}
 * and its result and error types; everything else is package-private. Depends on the engine's
 * {@code model} package and on tomlj, nothing else.
 */
package dev.vigil.dsl.toml;
