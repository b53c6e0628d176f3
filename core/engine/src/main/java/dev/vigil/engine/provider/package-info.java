/**
 * The engine's side of the probe plugin SPI: finding providers, isolating plugins, and fencing every
 * call into them.
 *
 * <p>{@link dev.vigil.engine.provider.ProviderRegistry} finds the built-in providers through {@link
 * java.util.ServiceLoader} and each {@code plugins_dir/NAME/} folder's providers in a class loader of
 * that folder's own (parent: the platform loader; only {@code dev.vigil.engine.spi} comes from
 * vigil). {@link dev.vigil.engine.provider.FencedProbe} runs a provider's probe on threads of its own,
 * with the plugin's loader as context loader and a time limit, and turns anything it throws into
 * {@code ProbeResult.Failed}. {@link dev.vigil.engine.provider.MapProbeConfig} and {@link
 * dev.vigil.engine.provider.SimpleProbeContext} are what a service lends its probe.
 *
 * <p>Owns no service state and decides nothing about transitions: the supervisor maps results to
 * states. Depends on {@code java.*}, slf4j and {@code dev.vigil.engine.spi}.
 */
package dev.vigil.engine.provider;
