package dev.vigil.engine.provider;

import dev.vigil.engine.spi.ProbeProvider;
import java.util.Set;

/**
 * A provider found and accepted, with what the registry answers about it.
 *
 * @param source {@code built-in} or the path of the plugin jar it came from
 * @param loader the loader its calls run under (the plugin folder's, or the built-ins')
 * @param sensitiveKeys read once, when it was loaded
 */
record LoadedProvider(String kind, ProbeProvider provider, String source, ClassLoader loader, Set<String> sensitiveKeys) {

    static final String BUILT_IN = "built-in";

    /** {@code /p/a/a.jar (com.example.A)}: where it came from, for a conflict message. */
    String origin() {
        return source + " (" + provider.getClass().getName() + ")";
    }
}
