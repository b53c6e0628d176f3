package dev.vigil.plugins.llama;

import dev.vigil.engine.spi.ProbeContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.InstantSource;
import java.util.List;

/** What vigil lends a probe, for tests: a fake clock and a real HTTP/1.1 client like vigil's. */
record TestContext(InstantSource clock, HttpClient http, List<URI> endpoints) implements ProbeContext {

    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .proxy(HttpClient.Builder.NO_PROXY)
            .build();

    TestContext(InstantSource clock, List<URI> endpoints) {
        this(clock, HTTP, endpoints);
    }

    @Override
    public String service() {
        return "llm";
    }

    @Override
    public System.Logger logger() {
        return System.getLogger("test.llama-server");
    }
}
