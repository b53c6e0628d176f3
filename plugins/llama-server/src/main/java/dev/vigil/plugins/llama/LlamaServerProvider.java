package dev.vigil.plugins.llama;

import dev.vigil.engine.spi.Probe;
import dev.vigil.engine.spi.ProbeConfig;
import dev.vigil.engine.spi.ProbeConfigException;
import dev.vigil.engine.spi.ProbeContext;
import dev.vigil.engine.spi.ProbeProvider;
import java.util.Set;

/**
 * The {@code llama-server} provider: tells STARTING (refused), WARMING (503 loading model), READY,
 * SERVING (slots processing) and, in router mode, IDLE (no model loaded) apart, the way
 * ../shared/PROVIDERS.md §1 documents llama.cpp's server.
 *
 * <p>Stateless and thread-safe; each {@link #create} reads the table once, applies the defaults and
 * returns a probe of its own. Keys:
 *
 * <pre>{@code
 * [provider]
 * kind = "llama-server"
 * url = "http://127.0.0.1:8080"   # default: the service's first tcp socket, else this
 * flavor = "auto"                 # auto | single | router
 * api_key = "..."                 # sent as Authorization: Bearer; masked in every output
 * idle_after = "3s"               # how long "no model loaded" must hold before IDLE
 * request_timeout = "2s"          # per HTTP call, never past the check's deadline
 * slots = true                    # read /slots to tell SERVING from READY
 * }</pre>
 */
public final class LlamaServerProvider implements ProbeProvider {

    @Override
    public String kind() {
        return "llama-server";
    }

    @Override
    public Set<String> sensitiveKeys() {
        return Set.of("api_key");
    }

    @Override
    public Probe create(ProbeConfig config, ProbeContext context) throws ProbeConfigException {
        Settings settings = Settings.read(config, context.endpoints());
        LlamaClient client = new LlamaClient(context.http(), context.clock(), settings);
        return new LlamaServerProbe(settings, client, context.clock(), context.logger());
    }
}
