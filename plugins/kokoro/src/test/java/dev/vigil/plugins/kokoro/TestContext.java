package dev.vigil.plugins.kokoro;

import dev.vigil.engine.spi.ProbeContext;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.InstantSource;
import java.util.List;

/** What vigil lends a probe, as the daemon builds it: a fake clock, a real HTTP/1.1 client. */
record TestContext(String service, InstantSource clock, HttpClient http, System.Logger logger, List<URI> endpoints)
        implements ProbeContext {

    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .proxy(ProxySelector.of(null))
            .build();

    static TestContext of(FakeClock clock, URI... endpoints) {
        return new TestContext("tts", clock, HTTP, System.getLogger("test"), List.of(endpoints));
    }
}
