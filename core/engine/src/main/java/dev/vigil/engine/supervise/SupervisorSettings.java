package dev.vigil.engine.supervise;

import dev.vigil.engine.model.ServiceSpec;
import java.nio.file.Path;

/**
 * Where a supervisor keeps its files, and how it names its processes.
 *
 * @param runtimeDir the runtime folder (logs go to {@code logs/} in it)
 * @param token identifies this runtime folder in {@code VIGIL_INSTANCE}, so that two vigils with a
 *     service of the same name never signal each other's processes
 */
public record SupervisorSettings(Path runtimeDir, String token) {

    public Path logDir() {
        return runtimeDir.resolve("logs");
    }

    /** {@code logs/NAME.log}, or {@code logs/NAME.CHILD.log} for a service with several children. */
    public Path logFile(ServiceSpec spec, String child) {
        return logDir().resolve(spec.isMultiChild() ? spec.name() + "." + child + ".log" : spec.name() + ".log");
    }

    /** The {@code VIGIL_INSTANCE} prefix every process of {@code service} carries. */
    public String instancePrefix(String service) {
        return token + "/" + service + "/";
    }
}
