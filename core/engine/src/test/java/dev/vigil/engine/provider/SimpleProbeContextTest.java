package dev.vigil.engine.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimpleProbeContextTest {

    @Test
    void lendsWhatItWasGiven_andALoggerNamedForTheService() {
        InstantSource clock = InstantSource.fixed(Instant.EPOCH);
        HttpClient http = HttpClient.newHttpClient();
        List<URI> endpoints = new ArrayList<>(List.of(URI.create("tcp://127.0.0.1:8080")));
        SimpleProbeContext ctx = new SimpleProbeContext("llm", clock, http, endpoints);
        endpoints.clear();

        assertEquals("llm", ctx.service());
        assertSame(clock, ctx.clock());
        assertSame(http, ctx.http());
        assertEquals(List.of(URI.create("tcp://127.0.0.1:8080")), ctx.endpoints(), "a copy");
        assertEquals("vigil.provider.llm", ctx.logger().getName());
        assertThrows(UnsupportedOperationException.class, () -> ctx.endpoints().add(URI.create("tcp://x:1")));
    }
}
