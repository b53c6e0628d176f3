package dev.vigil.engine.model;

/** What a probe's verdict means to its service, as in Kubernetes. */
public enum ProbeRole {
    /** Gates the other probes: they start only once this one first passes. */
    STARTUP,
    /** Passing means routable: READY while it passes, UNHEALTHY while it fails; never a restart by itself. */
    READINESS,
    /** Failing means dead: the process group is killed and it counts as a crash. */
    LIVENESS;

    /** Lower case, as written in TOML and shown to people. */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
