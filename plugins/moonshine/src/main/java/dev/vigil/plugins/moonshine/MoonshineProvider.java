package dev.vigil.plugins.moonshine;

import dev.vigil.engine.spi.Probe;
import dev.vigil.engine.spi.ProbeConfig;
import dev.vigil.engine.spi.ProbeConfigException;
import dev.vigil.engine.spi.ProbeContext;
import dev.vigil.engine.spi.ProbeProvider;
import java.util.Set;

/**
 * The {@code moonshine} provider: readiness of a Moonshine speech-to-text server — hal0's
 * moonshine_server.py, or a speaches-style server that loads models lazily (PROVIDERS.md §3).
 *
 * <p>Stateless and thread-safe; each {@link #create} reads and checks the table once.
 *
 * <pre>{@code
 * [provider]
 * kind = "moonshine"
 * url = "http://127.0.0.1:8089"   # default: the first tcp endpoint, else the flavor's port
 * flavor = "auto"                 # auto | hal0 | speaches
 * model = "moonshine-base-en"     # optional: READY only once this model is loaded
 * api_key = "..."                 # speaches only (bearer); masked in every output
 * idle_after = "3s"               # how long "no model" must hold before IDLE
 * request_timeout = "2s"          # one GET at most (the check's deadline may cut it shorter)
 * }</pre>
 */
public final class MoonshineProvider implements ProbeProvider {

    @Override
    public String kind() {
        return "moonshine";
    }

    @Override
    public Set<String> sensitiveKeys() {
        return Set.of("api_key");
    }

    @Override
    public Probe create(ProbeConfig config, ProbeContext context) throws ProbeConfigException {
        return new MoonshineProbe(MoonshineSettings.from(config, context.endpoints()), context);
    }
}
