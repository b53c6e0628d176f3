package dev.vigil.plugins.kokoro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.vigil.engine.spi.ProbeProvider;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KokoroProviderTest {

    @Test
    void isFoundByTheServiceLoader_asKindKokoro() {
        List<ProbeProvider> found = ServiceLoader.load(ProbeProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.kind().equals("kokoro"))
                .toList();
        assertEquals(1, found.size());
        assertInstanceOf(KokoroProvider.class, found.getFirst());
        assertEquals(ProbeProvider.SPI_VERSION, found.getFirst().spiVersion());
    }

    @Test
    void masksAnApiKeyWrittenByMistake() {
        assertEquals(Set.of("api_key"), new KokoroProvider().sensitiveKeys());
    }
}
