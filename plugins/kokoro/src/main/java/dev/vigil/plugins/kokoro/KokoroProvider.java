package dev.vigil.plugins.kokoro;

import dev.vigil.engine.spi.Probe;
import dev.vigil.engine.spi.ProbeConfig;
import dev.vigil.engine.spi.ProbeConfigException;
import dev.vigil.engine.spi.ProbeContext;
import dev.vigil.engine.spi.ProbeProvider;

/**
 * The {@code kokoro} provider: readiness of a Kokoro TTS server — Kokoro-FastAPI, hal0's kokoro-onnx
 * server or Kokoros (PROVIDERS.md §2).
 *
 * <p>Stateless and thread-safe; each {@link #create} reads and checks the table once.
 *
 * <pre>{@code
 * [provider]
 * kind = "kokoro"
 * url = "http://127.0.0.1:8880"   # default: the first tcp endpoint, else the flavor's port
 * flavor = "auto"                 # auto | fastapi | hal0 | kokoros
 * idle_after = "3s"               # how long model_loaded:false must hold before IDLE
 * request_timeout = "2s"          # one GET at most (the check's deadline may cut it shorter)
 * }</pre>
 */
public final class KokoroProvider implements ProbeProvider {

    @Override
    public String kind() {
        return "kokoro";
    }

    // sensitiveKeys() keeps the default {api_key}: no Kokoro server takes one and create() refuses
    // it, but a key written there by mistake must still be masked wherever the table is shown.

    @Override
    public Probe create(ProbeConfig config, ProbeContext context) throws ProbeConfigException {
        return new KokoroProbe(KokoroSettings.from(config, context.endpoints()), context);
    }
}
