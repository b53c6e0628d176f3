package dev.vigil.plugins.llama;

import java.util.Map;

/**
 * What llama-server's {@code GET /health} said, across its generations (PROVIDERS.md §1.2, table
 * and "Historical /health shapes"). Authentication answers (401/403) are not classified here: the
 * probe treats them alike on every route.
 */
sealed interface Health {

    /**
     * 200: the model is loaded (single-model mode) or the router is up (§1.3).
     *
     * @param slotsProcessing the early-2024 body's {@code slots_processing}, else null
     */
    record Up(Integer slotsProcessing) implements Health {}

    /**
     * 503 with the current envelope {@code {"error":{"message":"Loading model",...}}} or the legacy
     * {@code {"status":"loading model"}}: the model is loading.
     */
    record Loading() implements Health {}

    /**
     * The legacy {@code {"status":"no slot available"}} (200, or 503 with {@code fail_on_no_slot}):
     * up, every slot busy.
     */
    record NoSlot(Integer slotsProcessing) implements Health {}

    /** The early-2024 500 {@code {"status":"error"}}: the model failed to load and the server stayed up. */
    record LoadError() implements Health {}

    /** Any other answer. */
    record Other(int status, String gist) implements Health {}

    static Health of(int status, String body) {
        Map<String, Object> json = Json.object(Json.parseOrNull(body));
        String legacy = Json.string(json, "status");
        String message = Json.string(Json.object(json, "error"), "message");
        if (status == 200 && "no slot available".equalsIgnoreCase(legacy)
                || status == 503 && ("no slot available".equalsIgnoreCase(legacy)
                        || "no slot available".equalsIgnoreCase(message))) {
            return new NoSlot(asInt(Json.integer(json, "slots_processing")));
        }
        if (status == 200) return new Up(asInt(Json.integer(json, "slots_processing")));
        if (status == 503 && ("loading model".equalsIgnoreCase(message) || "loading model".equalsIgnoreCase(legacy))) {
            return new Loading();
        }
        if (status == 500 && "error".equalsIgnoreCase(legacy)) return new LoadError();
        return new Other(status, gist(body));
    }

    /** The part of an answer worth showing people: the error envelope's message, a legacy status, or the start of the text. */
    static String gist(String body) {
        Map<String, Object> json = Json.object(Json.parseOrNull(body));
        String message = Json.string(Json.object(json, "error"), "message");
        if (message != null) return message;
        String legacy = Json.string(json, "status");
        if (legacy != null) return legacy;
        String text = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }

    private static Integer asInt(Long n) {
        return n == null || n < 0 || n > Integer.MAX_VALUE ? null : n.intValue();
    }
}
