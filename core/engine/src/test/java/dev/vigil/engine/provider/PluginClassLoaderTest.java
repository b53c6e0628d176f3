package dev.vigil.engine.provider;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.engine.spi.ProbeProvider;
import dev.vigil.engine.spi.ProbeResult;
import java.net.URL;
import org.junit.jupiter.api.Test;

class PluginClassLoaderTest {

    @Test
    void onlyTheSpiPackageItself_isShared() {
        assertTrue(PluginClassLoader.isSpi("dev.vigil.engine.spi.ProbeProvider"));
        assertTrue(PluginClassLoader.isSpi("dev.vigil.engine.spi.ProbeResult$Ready"));
        assertFalse(PluginClassLoader.isSpi("dev.vigil.engine.spi.internal.Secret"));
        assertFalse(PluginClassLoader.isSpi("dev.vigil.engine.spiffy.X"));
        assertFalse(PluginClassLoader.isSpi("dev.vigil.engine.provider.ProviderRegistry"));
    }

    @Test
    void spiTypesComeFromVigil_theRestOfVigilAndItsLibrariesAreInvisible() throws Exception {
        try (PluginClassLoader loader = new PluginClassLoader("empty", new URL[0], ProbeProvider.class.getClassLoader())) {
            assertSame(ProbeProvider.class, loader.loadClass("dev.vigil.engine.spi.ProbeProvider"));
            assertSame(ProbeResult.Ready.class, loader.loadClass("dev.vigil.engine.spi.ProbeResult$Ready"));
            assertSame(java.net.http.HttpClient.class, loader.loadClass("java.net.http.HttpClient"));
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass("dev.vigil.engine.provider.ProviderRegistry"));
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass("org.slf4j.Logger"));
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass("org.junit.jupiter.api.Test"));
        }
    }
}
