package dev.vigil.emulators;

import java.time.Duration;

/** The hang modes of PROVIDERS.md §6.1. */
enum Hang {
    /** Accept, read the request, never write. */
    ACCEPT_SILENT("accept-silent"),
    /** Stop calling accept(); connections queue in the backlog. */
    NO_ACCEPT("no-accept"),
    /** /health stays 200; inference endpoints hang. */
    HEALTH_OK_INFER_HANG("health-ok-infer-hang"),
    /** /health answers the loading 503 for good. */
    HEALTH_503("health-503"),
    /** /health takes D (--hang-mode slow-health:D; default 10s). */
    SLOW_HEALTH("slow-health");

    static final Duration DEFAULT_SLOW_HEALTH = Duration.ofSeconds(10);

    final String id;

    Hang(String id) { this.id = id; }

    static Hang parse(String v) {
        String id = v.contains(":") ? v.substring(0, v.indexOf(':')) : v;
        for (Hang h : values()) if (h.id.equalsIgnoreCase(id)) return h;
        throw new Flags.UsageException("--hang-mode: unknown mode '" + v
                + "' (accept-silent, no-accept, health-ok-infer-hang, health-503, slow-health[:D])");
    }

    /** D of {@code slow-health:D}. */
    static Duration slowHealthDelay(String v) {
        int i = v.indexOf(':');
        return i < 0 ? DEFAULT_SLOW_HEALTH : Flags.parseDuration("--hang-mode slow-health", v.substring(i + 1));
    }
}
