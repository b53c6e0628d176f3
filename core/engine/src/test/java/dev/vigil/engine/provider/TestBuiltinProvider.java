package dev.vigil.engine.provider;

import dev.vigil.engine.spi.Probe;
import dev.vigil.engine.spi.ProbeConfig;
import dev.vigil.engine.spi.ProbeContext;
import dev.vigil.engine.spi.ProbeProvider;
import dev.vigil.engine.spi.ProbeResult;
import java.util.List;
import java.util.Set;

/** A built-in provider, registered in the test resources' {@code META-INF/services}. */
public final class TestBuiltinProvider implements ProbeProvider {

    static final String KIND = "test-builtin";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Set<String> sensitiveKeys() {
        return Set.of("api_key", "token");
    }

    @Override
    public Probe create(ProbeConfig config, ProbeContext context) {
        return deadline -> new ProbeResult.Ready(List.of(), "built-in for " + context.service());
    }
}
