package dev.vigil.plugins.llama;

import dev.vigil.engine.spi.ActionResult;
import dev.vigil.plugins.llama.LlamaClient.Reply;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A llama-server router's model actions for task templates: {@code load} and {@code unload} with
 * param {@code model} (PROVIDERS.md §1.3).
 *
 * <p>Both are asynchronous on the router: {@code POST /models/load} returns once the model's child is
 * spawned. So this subscribes to {@code /models/sse} first (pushed status changes, no polling), then
 * posts, then reads {@code /models} once (the change may have come already), then waits on the stream
 * for the model's {@code loaded} (or its failure: {@code unloaded} with a non-zero {@code exit_code}),
 * or {@code unloaded} for an unload. Idempotent: loading a running model waits for it to be loaded;
 * unloading one that is not running is done.
 */
final class RouterActions {

    static final Set<String> ACTIONS = Set.of("load", "unload");
    private final LlamaClient client;

    RouterActions(LlamaClient client) {
        this.client = client;
    }

    ActionResult act(String action, Map<String, String> params, Instant deadline) throws IOException, InterruptedException {
        if (!ACTIONS.contains(action)) return new ActionResult.Failed("llama-server has no action \"" + action + "\" (it has load, unload)");
        String model = params.get("model");
        if (model == null || model.isBlank()) return new ActionResult.Failed("param model is required (the router's model id)");
        boolean load = action.equals("load");
        try (InputStream events = client.stream("/models/sse", deadline)) {
            Reply posted = client.post("/models/" + action, "{\"model\":" + quote(model) + "}", deadline);
            if (!(posted instanceof Reply.Answered a)) return new ActionResult.Failed("POST /models/" + action + ": " + posted);
            String body = a.body() == null ? "" : a.body();
            if (a.status() == 404 || body.contains("not found")) return new ActionResult.Failed("the router has no model \"" + model + "\"");
            if (!load && a.status() == 400 && body.contains("not running")) return new ActionResult.Done("model " + model + " is not running");
            boolean alreadyRunning = load && a.status() == 400 && body.contains("already running");
            if (a.status() != 200 && !alreadyRunning) return new ActionResult.Failed("POST /models/" + action + ": HTTP " + a.status() + " " + body);
            Optional<ActionResult> now = listed(model, load, deadline);
            if (now.isPresent()) return now.get();
            return awaitChange(events, model, load);
        }
    }

    /** The outcome if {@code /models} already shows it. */
    private Optional<ActionResult> listed(String model, boolean load, Instant deadline) throws InterruptedException {
        if (!(client.get("/models", deadline) instanceof Reply.Answered a) || a.status() != 200) return Optional.empty();
        ModelList list = ModelList.parse(a.body());
        if (list == null) return Optional.empty();
        for (ModelList.Entry e : list.entries()) {
            if (e.id().equals(model)) return settled(model, load, e.status(), e.failed() ? e.exitCode() : Integer.valueOf(0));
        }
        return Optional.empty();
    }

    /** Reads {@code data:} lines until the model's status settles; interrupted (or cut) at the deadline. */
    private ActionResult awaitChange(InputStream events, String model, boolean load) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(events, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (!line.startsWith("data:")) continue;
            Map<String, Object> event = Json.object(Json.parseOrNull(line.substring(5).trim()));
            if (event == null || !model.equals(Json.string(event, "model"))) continue;
            Map<String, Object> data = Json.object(event, "data");
            if (data == null) continue;
            Long exit = Json.integer(data, "exit_code");
            Optional<ActionResult> r = settled(model, load, Json.string(data, "status"), exit == null ? null : exit.intValue());
            if (r.isPresent()) return r.get();
        }
        return new ActionResult.Failed("the router closed /models/sse before model " + model + " was " + (load ? "loaded" : "unloaded"));
    }

    private static Optional<ActionResult> settled(String model, boolean load, String status, Integer exitCode) {
        if (load && ("loaded".equals(status) || "sleeping".equals(status))) return Optional.of(new ActionResult.Done("model " + model + " loaded"));
        if ("unloaded".equals(status)) {
            if (!load) return Optional.of(new ActionResult.Done("model " + model + " unloaded"));
            if (exitCode != null && exitCode != 0) return Optional.of(new ActionResult.Failed("model " + model + " failed to load (exit_code " + exitCode + ")"));
        }
        return Optional.empty();
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.append('"').toString();
    }
}
