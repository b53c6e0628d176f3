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

    /** Applies this mode to one request; true if the request is dealt with (answered or hung). */
    boolean intercept(Emulator e, Http.Call c) throws Exception {
        boolean hang = this == ACCEPT_SILENT || (this == HEALTH_OK_INFER_HANG && e.isInferencePath(c.path));
        if (hang) {
            c.body();
            e.log.info(c.method + " " + c.path + " -> hung (" + id + ")");
            e.pacer.hangUntilClosed();
            return true;
        }
        if (this == HEALTH_503 && e.isHealthPath(c.path)) {
            e.health503(c);
            return true;
        }
        if (this == SLOW_HEALTH && e.isHealthPath(c.path)) {
            e.log.info(c.method + " " + c.path + " -> slow-health, answering in " + Flags.show(e.slowHealth));
            e.pacer.sleepUnlessClosed(e.slowHealth);
        }
        return false;
    }

    /** D of {@code slow-health:D}. */
    static Duration slowHealthDelay(String v) {
        int i = v.indexOf(':');
        return i < 0 ? DEFAULT_SLOW_HEALTH : Flags.parseDuration("--hang-mode slow-health", v.substring(i + 1));
    }
}
