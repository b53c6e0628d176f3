/**
 * The {@code kokoro} probe provider: STARTING while a Kokoro server loads before it binds, READY once
 * it answers healthy, IDLE when hal0's server reports {@code model_loaded:false} for
 * {@code idle_after}. See PROVIDERS.md §2 and §6.3.
 *
 * <p>Depends on {@code dev.vigil.engine.spi} and {@code java.*} only; it shares no code with the other
 * plugins (its small JSON reader and HTTP call are its own).
 */
package dev.vigil.plugins.kokoro;
