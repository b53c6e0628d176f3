package dev.vigil.engine.provider;

import dev.vigil.engine.model.ServiceSpec;
import dev.vigil.engine.readiness.ProviderPort;
import dev.vigil.engine.task.ProviderActions;
import dev.vigil.engine.spi.ActionResult;
import dev.vigil.engine.spi.Probe;
import dev.vigil.engine.spi.ProbeConfigException;
import dev.vigil.engine.spi.ProbeProvider;
import dev.vigil.engine.spi.ProbeResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The daemon's {@link ProviderPort}: provider probes from the plugin registry, each fenced, one per
 * service, created when the service is declared (so that a bad {@code [provider]} table is a
 * configuration error at start-up) and reused across its spawns. The same probe runs the provider's
 * actions for task templates ({@link ProviderActions}).
 */
public final class RegistryProviders implements ProviderPort, ProviderActions, AutoCloseable {

    private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(5);
    private final ProviderRegistry registry;
    private final InstantSource clock;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .proxy(HttpClient.Builder.NO_PROXY)
            // A bounded pool: the default one grows a thread per concurrent exchange.
            .executor(java.util.concurrent.Executors.newFixedThreadPool(2, r -> Thread.ofPlatform().daemon().name("vigil-provider-http").unstarted(r)))
            .build();
    private final Map<String, FencedProbe> probes = new ConcurrentHashMap<>();

    public RegistryProviders(ProviderRegistry registry, InstantSource clock) {
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public ProviderProbe open(ServiceSpec spec) {
        FencedProbe fenced = probes.computeIfAbsent(spec.name(), n -> create(spec));
        return new ProviderProbe() {
            @Override
            public CompletableFuture<ProbeResult> check(Duration timeout) {
                return fenced.check(timeout);
            }

            @Override
            public CompletableFuture<ProbeResult> adopt(Duration timeout) {
                return fenced.adopt(timeout);
            }

            @Override
            public Optional<String> explainExit(int code, int signal, ProbeResult last) {
                return fenced.explainExit(new Probe.ExitInfo(code, signal, last));
            }

            @Override
            public void close() {
                probes.remove(spec.name(), fenced);
                fenced.close();
            }
        };
    }

    private FencedProbe create(ServiceSpec spec) {
        String kind = spec.provider().kind();
        ProbeProvider provider = registry.provider(kind).orElseThrow(() -> new IllegalArgumentException(
                "provider.kind: no provider \"" + kind + "\" (known: " + String.join(", ", registry.kinds()) + ")"));
        List<URI> endpoints = spec.sockets().stream().map(s -> URI.create(s.uri())).toList();
        try {
            return FencedProbe.create(provider, new MapProbeConfig(kind, spec.provider().settings()),
                    new SimpleProbeContext(spec.name(), clock, http, endpoints), registry.loaderOf(kind), CREATE_TIMEOUT);
        } catch (ProbeConfigException e) {
            throw new IllegalArgumentException("provider" + (e.key() == null ? "" : "." + e.key()) + ": " + e.getMessage());
        }
    }

    @Override
    public java.util.Set<String> actions(String service) {
        FencedProbe p = probes.get(service);
        return p == null ? java.util.Set.of() : p.actions();
    }

    @Override
    public CompletableFuture<ActionResult> run(String service, String action, Map<String, String> params, Duration timeout) {
        FencedProbe p = probes.get(service);
        if (p == null) return CompletableFuture.completedFuture(new ActionResult.Failed("service " + service + " has no provider"));
        return p.act(action, params, timeout);
    }

    /** The secrets of {@code kind}'s table, to mask. */
    public java.util.Set<String> sensitiveKeys(String kind) {
        return registry.sensitiveKeys(kind);
    }

    @Override
    public void close() {
        probes.values().forEach(FencedProbe::close);
        probes.clear();
        http.close();
        registry.close();
    }
}
