package dev.vigil.plugins.moonshine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.vigil.engine.spi.ProbeProvider;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MoonshineProviderTest {

    @Test
    void isFoundByTheServiceLoader_asKindMoonshine() {
        List<ProbeProvider> found = ServiceLoader.load(ProbeProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.kind().equals("moonshine"))
                .toList();
        assertEquals(1, found.size());
        assertInstanceOf(MoonshineProvider.class, found.getFirst());
        assertEquals(ProbeProvider.SPI_VERSION, found.getFirst().spiVersion());
    }

    @Test
    void masksTheApiKey() {
        assertEquals(Set.of("api_key"), new MoonshineProvider().sensitiveKeys());
    }
}
