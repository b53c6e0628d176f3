package dev.vigil.engine.spi;

import java.util.Set;

/**
 * A kind of provider probe, found with {@link java.util.ServiceLoader}: vigil's built-ins through
 * {@code META-INF/services/dev.vigil.engine.spi.ProbeProvider}, plugins the same way from a jar in
 * {@code plugins/NAME/}.
 *
 * <p>Implementations must be thread-safe and cheap to construct; {@link #create} is called once per
 * service (and again after a reload), on a vigil thread, with the plugin's class loader as the
 * context class loader.
 *
 * <pre>{@code
 * // META-INF/services/dev.vigil.engine.spi.ProbeProvider
 * com.example.EchoProvider
 * }</pre>
 */
public interface ProbeProvider {

    /** The SPI version this package defines; a provider built against another one is refused. */
    int SPI_VERSION = 1;

    /** The name services use in {@code [provider] kind = "..."}, e.g. {@code llama-server}. */
    String kind();

    /** The SPI version the provider was built against; vigil refuses a mismatch with a clear message. */
    default int spiVersion() {
        return SPI_VERSION;
    }

    /** Keys of the {@code [provider]} table whose values are secrets: masked in every output. */
    default Set<String> sensitiveKeys() {
        return Set.of("api_key");
    }

    /**
     * A probe for one service.
     *
     * @throws ProbeConfigException when the service's {@code [provider]} table is wrong; vigil reports
     *     it as a configuration error naming the key
     */
    Probe create(ProbeConfig config, ProbeContext context) throws ProbeConfigException;
}
