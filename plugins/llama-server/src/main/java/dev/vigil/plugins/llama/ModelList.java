package dev.vigil.plugins.llama;

import dev.vigil.engine.spi.ProbeResult.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /v1/models}, as far as readiness needs it.
 *
 * <p>Single-model servers list exactly one model with a {@code meta} object and no status ("The
 * returned list always has one single element", PROVIDERS.md §1.2). A router lists every model it
 * knows, each with {@code status.value} and, for a failed load, {@code failed:true} and {@code
 * exit_code} (§1.3); its list may be empty. That difference is how flavor {@code auto} tells the two
 * apart. The list alone never says "ready" (§0 rule 1): older builds answer it while loading.
 *
 * @param entries the models in the order given
 * @param withStatus whether any entry carries a router {@code status} object
 */
record ModelList(List<Entry> entries, boolean withStatus) {

    /**
     * One listed model.
     *
     * @param status the router's {@code status.value} ({@code downloading}, {@code downloaded},
     *     {@code unloaded}, {@code loading}, {@code loaded}, {@code sleeping}), or null in single mode
     * @param exitCode the exit code of a failed load, or null
     */
    record Entry(String id, String status, boolean failed, Integer exitCode) {

        boolean loaded() {
            return "loaded".equals(status) || "sleeping".equals(status);
        }

        /** Sleeping models are paged out; asking one for its slots might wake it (§1.2 "Sleeping on Idle"). */
        boolean awake() {
            return "loaded".equals(status);
        }

        boolean loading() {
            return "loading".equals(status);
        }

        /**
         * The SPI's four states. {@code sleeping} counts as loaded: it is running and reloads on the
         * next task. "Failed" is {@code unloaded} with a non-zero exit code ({@code server-models.h}
         * {@code is_failed}). Downloads and unknown values are not running, hence unloaded.
         */
        Model toModel() {
            if (status == null || loaded()) return new Model(id, "loaded", null);
            if (loading()) return new Model(id, "loading", null);
            if (failed) return new Model(id, "failed", exitCode);
            return new Model(id, "unloaded", null);
        }
    }

    ModelList {
        entries = List.copyOf(entries);
    }

    /** The list, or null when the body is not the OpenAI-style {@code {"data":[...]}}. */
    static ModelList parse(String body) {
        List<Object> data = Json.array(Json.object(Json.parseOrNull(body)), "data");
        if (data == null) return null;
        List<Entry> entries = new ArrayList<>();
        boolean withStatus = false;
        for (Object item : data) {
            Map<String, Object> model = Json.object(item);
            String id = Json.string(model, "id");
            if (id == null) continue;
            Map<String, Object> status = Json.object(model, "status");
            if (status == null) {
                entries.add(new Entry(id, null, false, null));
                continue;
            }
            withStatus = true;
            Long code = Json.integer(status, "exit_code");
            Integer exitCode = code == null ? null : (int) (long) code;
            String value = Json.string(status, "value");
            boolean failed = "unloaded".equals(value)
                    && (Json.isTrue(status, "failed") || exitCode != null && exitCode != 0);
            entries.add(new Entry(id, value == null ? "unknown" : value, failed, exitCode));
        }
        return new ModelList(entries, withStatus);
    }

    /**
     * The model a single-model server names in {@code /props}: {@code model_alias}, else the file name
     * of {@code model_path} (§1.2); nothing for a router's placeholder answer (§1.3).
     */
    static List<Model> fromProps(String body) {
        Map<String, Object> props = Json.object(Json.parseOrNull(body));
        if ("router".equals(Json.string(props, "role"))) return List.of();
        String id = Json.string(props, "model_alias");
        if (id == null || id.isBlank()) {
            String path = Json.string(props, "model_path");
            id = path == null ? null : path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
        }
        return id == null || id.isBlank() ? List.of() : List.of(new Model(id, "loaded", null));
    }

    /** A router's list: empty (§1.3 "data: [] when nothing was discovered") or with per-model status. */
    boolean looksLikeRouter() {
        return entries.isEmpty() || withStatus;
    }

    List<Model> models() {
        return entries.stream().map(Entry::toModel).toList();
    }

    List<Entry> loaded() {
        return entries.stream().filter(Entry::loaded).toList();
    }

    List<Entry> loading() {
        return entries.stream().filter(Entry::loading).toList();
    }

    List<Entry> failed() {
        return entries.stream().filter(Entry::failed).toList();
    }
}
