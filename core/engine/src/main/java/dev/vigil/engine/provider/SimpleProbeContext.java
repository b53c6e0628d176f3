package dev.vigil.engine.provider;

import dev.vigil.engine.spi.ProbeContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;

/**
 * What vigil lends one service's probe: its name, the engine's clock, the shared HTTP client, a
 * logger named {@code vigil.provider.SERVICE} and the service's declared endpoints.
 *
 * <p>Immutable. The logger is a {@link System.Logger}, the only logging API a plugin sees; it reaches
 * vigil's log when the daemon routes {@code System.Logger} to slf4j.
 *
 * <pre>{@code
 * ProbeContext ctx = new SimpleProbeContext("llm", scheduler, checkerHttpClient, List.of(URI.create("tcp://127.0.0.1:8080")));
 * }</pre>
 */
public final class SimpleProbeContext implements ProbeContext {

    private final String service;
    private final InstantSource clock;
    private final HttpClient http;
    private final List<URI> endpoints;
    private final System.Logger logger;

    public SimpleProbeContext(String service, InstantSource clock, HttpClient http, List<URI> endpoints) {
        this.service = Objects.requireNonNull(service, "service");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = Objects.requireNonNull(http, "http");
        this.endpoints = List.copyOf(endpoints);
        this.logger = System.getLogger("vigil.provider." + service);
    }

    @Override
    public String service() {
        return service;
    }

    @Override
    public InstantSource clock() {
        return clock;
    }

    @Override
    public HttpClient http() {
        return http;
    }

    @Override
    public System.Logger logger() {
        return logger;
    }

    @Override
    public List<URI> endpoints() {
        return endpoints;
    }

    @Override
    public String toString() {
        return "SimpleProbeContext[" + service + ", " + endpoints + "]";
    }
}
