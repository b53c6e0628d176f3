package com.example.fileflag;

import dev.vigil.engine.spi.Probe;
import dev.vigil.engine.spi.ProbeConfig;
import dev.vigil.engine.spi.ProbeConfigException;
import dev.vigil.engine.spi.ProbeContext;
import dev.vigil.engine.spi.ProbeProvider;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Set;

/**
 * The {@code file-flag} provider: a service tells how far it got by writing a word into a file.
 *
 * <pre>{@code
 * [provider]
 * kind = "file-flag"
 * path = "/run/myservice/state"     # required: the flag file
 * }</pre>
 *
 * <p>vigil finds this class through {@code META-INF/services/dev.vigil.engine.spi.ProbeProvider}
 * and builds it once with its public no-argument constructor, so it holds nothing per service: all
 * of that goes into the {@link FileFlagProbe} that {@link #create} returns.
 */
public final class FileFlagProvider implements ProbeProvider {

    @Override
    public String kind() {
        return "file-flag";
    }

    /** Nothing in this table is a secret (the default would mask {@code api_key}). */
    @Override
    public Set<String> sensitiveKeys() {
        return Set.of();
    }

    /** Reads and checks the table once; a wrong table is a configuration error naming the key. */
    @Override
    public Probe create(ProbeConfig config, ProbeContext context) throws ProbeConfigException {
        String text = config.string("path").orElseThrow(() -> new ProbeConfigException("path", "is required: the flag file to read"));
        Path path;
        try {
            path = Path.of(text);
        } catch (InvalidPathException e) {
            throw new ProbeConfigException("path", "not a file path: " + e.getMessage());
        }
        if (!path.isAbsolute()) throw new ProbeConfigException("path", "must be absolute, got \"" + text + "\"");
        return new FileFlagProbe(path);
    }
}
