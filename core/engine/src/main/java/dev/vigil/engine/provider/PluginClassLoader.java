package dev.vigil.engine.provider;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * The class loader of one plugin folder: its jars over the platform loader, so a plugin sees the JDK
 * and its own jars, and of vigil only the SPI package ({@code dev.vigil.engine.spi}, not its
 * sub-packages), which comes from vigil's own loader so that plugin and engine share the SPI types.
 */
final class PluginClassLoader extends URLClassLoader {

    static final String SPI_PACKAGE = "dev.vigil.engine.spi";

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader spiLoader;

    PluginClassLoader(String name, URL[] jars, ClassLoader spiLoader) {
        super("plugin-" + name, jars, ClassLoader.getPlatformClassLoader());
        this.spiLoader = spiLoader;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        // Before the plugin's own jars: a plugin that bundles the SPI still gets vigil's types.
        if (isSpi(name)) return spiLoader.loadClass(name);
        return super.loadClass(name, resolve);
    }

    /** {@code dev.vigil.engine.spi.ProbeResult$Ready} is; {@code dev.vigil.engine.spi.x.Y} is not. */
    static boolean isSpi(String className) {
        return className.startsWith(SPI_PACKAGE + ".") && className.indexOf('.', SPI_PACKAGE.length() + 1) < 0;
    }
}
