/**
 * The {@code moonshine} probe provider: hal0's Moonshine server ({@code model_loaded} on
 * {@code /health}; it loads before it binds) and speaches-style lazy loaders ({@code /api/ps} lists
 * what is loaded; empty is IDLE once that has held for {@code idle_after}). See PROVIDERS.md §3 and
 * §6.4.
 *
 * <p>Depends on {@code dev.vigil.engine.spi} and {@code java.*} only; it shares no code with the other
 * plugins (its small JSON reader and HTTP call are its own).
 */
package dev.vigil.plugins.moonshine;
