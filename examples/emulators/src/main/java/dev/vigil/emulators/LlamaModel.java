package dev.vigil.emulators;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One loaded model as llama-server serves it: its slots (is_processing while a completion runs),
 * completions (plain and streamed), /props, /slots, /metrics and its /v1/models entry. The
 * single-model server has one; the router has one per loaded model.
 */
final class LlamaModel {
    final String id;
    final String path;
    private final Emulator emu;
    private final int nCtx;
    private final boolean[] busy;
    private final long[] task;
    private final boolean newStyle;
    private final long created;
    private long taskCounter;
    private long promptTokens;
    private long predictedTokens;
    private long decodes;
    private int deferred;
    volatile boolean sleeping;
    volatile long lastActivityNanos = System.nanoTime();

    LlamaModel(Emulator emu, String id, String path, int parallel, int nCtx, boolean newStyle) {
        this.emu = emu;
        this.id = id;
        this.path = path;
        this.busy = new boolean[Math.max(1, parallel)];
        this.task = new long[busy.length];
        this.nCtx = nCtx;
        this.newStyle = newStyle;
        this.created = emu.startedEpochSeconds();
    }

    // ---- slots

    private synchronized int acquire() throws InterruptedException {
        boolean counted = false;
        while (true) {
            for (int i = 0; i < busy.length; i++) {
                if (!busy[i]) {
                    busy[i] = true;
                    task[i] = taskCounter++;
                    if (counted) deferred--;
                    return i;
                }
            }
            if (!counted) { deferred++; counted = true; }
            wait(100);
            if (emu.pacer.isClosed()) throw new InterruptedException("closed");
        }
    }

    private synchronized void release(int slot, int prompt) {
        busy[slot] = false;
        promptTokens += prompt;
        predictedTokens += 1;
        decodes += 1;
        lastActivityNanos = System.nanoTime();
        notifyAll();
    }

    synchronized int processing() {
        int n = 0;
        for (boolean b : busy) if (b) n++;
        return n;
    }

    synchronized int idle() { return busy.length - processing(); }

    int totalSlots() { return busy.length; }

    synchronized List<Object> slotsJson() {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < busy.length; i++) {
            out.add(Json.obj("id", i, "id_task", busy[i] ? task[i] : -1, "n_ctx", slotCtx(), "speculative", false,
                    "is_processing", busy[i], "params", params(),
                    "next_token", Json.obj("has_next_token", busy[i], "has_new_line", false, "n_remain", -1,
                            "n_decoded", 0)));
        }
        return out;
    }

    private int slotCtx() { return nCtx / busy.length; }

    private static Map<String, Object> params() {
        return Json.obj("n_predict", -1, "seed", 4294967295L, "temperature", 0.8, "top_k", 40, "top_p", 0.95,
                "min_p", 0.05, "stop", List.of(), "stream", false);
    }

    // ---- static info

    Map<String, Object> props(boolean slots, boolean propsEndpoint, boolean metrics) {
        Map<String, Object> p = Json.obj(
                "default_generation_settings", Json.obj("id", 0, "id_task", -1, "n_ctx", slotCtx(),
                        "speculative", false, "is_processing", false, "params", params()),
                "total_slots", busy.length, "model_alias", id, "model_path", path,
                "modalities", Json.obj("vision", false, "audio", false),
                "endpoint_slots", slots, "endpoint_props", propsEndpoint, "endpoint_metrics", metrics,
                "webui", true, "chat_template", "{% for message in messages %}{{ message.content }}{% endfor %}");
        if (newStyle) p.put("chat_template_caps", Json.obj("supports_tools", false, "supports_system_role", true));
        p.put("bos_token", "<s>");
        p.put("eos_token", "</s>");
        p.put("build_info", "b6000-emulated");
        p.put("is_sleeping", sleeping);
        return p;
    }

    /** The /v1/models entry; meta is null while a pre-router server is still loading. */
    Map<String, Object> entry(boolean withMeta) {
        Map<String, Object> e = Json.obj("id", id, "object", "model", "created", created, "owned_by", "llamacpp",
                "meta", withMeta ? Json.obj("vocab_type", 2, "n_vocab", 32000, "n_ctx_train", nCtx, "n_embd", 4096,
                        "n_params", 7241732096L, "size", 4368439296L) : null);
        if (newStyle) e.put("architecture", Json.obj("input_modalities", List.of("text"), "output_modalities", List.of("text")));
        return e;
    }

    Map<String, Object> modelsList(boolean withMeta) {
        Map<String, Object> ollama = Json.obj("name", id, "model", id, "modified_at", "", "size", "", "digest", "",
                "type", "model", "description", "", "tags", List.of(""), "capabilities", List.of("completion"),
                "parameters", "", "details", Json.obj("parent_model", "", "format", "gguf", "family", "",
                        "families", List.of(""), "parameter_size", "", "quantization_level", ""));
        return Json.obj("models", List.of(ollama), "object", "list", "data", List.of(entry(withMeta)));
    }

    synchronized String metrics() {
        StringBuilder sb = new StringBuilder();
        metric(sb, "prompt_tokens_total", "counter", "Number of prompt tokens processed.", promptTokens);
        metric(sb, "prompt_seconds_total", "counter", "Prompt process time", 0);
        metric(sb, "tokens_predicted_total", "counter", "Number of generation tokens processed.", predictedTokens);
        metric(sb, "tokens_predicted_seconds_total", "counter", "Predict process time", 0);
        metric(sb, "n_decode_total", "counter", "Total number of llama_decode() calls", decodes);
        metric(sb, "n_tokens_max", "counter", "Largest observed n_tokens.", promptTokens > 0 ? 1 : 0);
        metric(sb, "n_busy_slots_per_decode", "counter", "Average number of busy slots per llama_decode() call", 1);
        metric(sb, "prompt_tokens_seconds", "gauge", "Average prompt throughput in tokens/s.", 0);
        metric(sb, "predicted_tokens_seconds", "gauge", "Average generation throughput in tokens/s.", 0);
        metric(sb, "requests_processing", "gauge", "Number of requests processing.", processing());
        metric(sb, "requests_deferred", "gauge", "Number of requests deferred.", deferred);
        return sb.toString();
    }

    private static void metric(StringBuilder sb, String name, String type, String help, long v) {
        sb.append("# HELP llamacpp:").append(name).append(' ').append(help).append('\n')
                .append("# TYPE llamacpp:").append(name).append(' ').append(type).append('\n')
                .append("llamacpp:").append(name).append(' ').append(v).append('\n');
    }

    // ---- completions

    /** Kinds of completion endpoint. */
    enum Api { CHAT, TEXT, NATIVE }

    static Api api(String path) {
        if (path.endsWith("chat/completions")) return Api.CHAT;
        return path.equals("/completion") ? Api.NATIVE : Api.TEXT;
    }

    /**
     * Runs a completion in a slot: plain JSON, or server-sent events with {@code stream:true}.
     * The slot is free again before the last bytes go out, as in the real server (the slot
     * finishes the task, then the HTTP thread sends it), so a client that has its answer sees
     * {@code is_processing:false}.
     */
    void complete(Http.Call c, Map<String, Object> body) throws IOException, InterruptedException {
        Api api = api(c.path);
        boolean stream = Boolean.TRUE.equals(body.get("stream"));
        int prompt = estimateTokens(body);
        long createdNow = System.currentTimeMillis() / 1000;
        String cid = (api == Api.CHAT ? "chatcmpl-" : "cmpl-") + Long.toHexString(System.nanoTime());
        Pacer.Wait work = emu.pacer.begin(emu.completionTime);
        int slot = acquire();
        boolean released = false;
        try {
            if (!stream) {
                emu.inferenceWork(work);
                release(slot, prompt);
                released = true;
                Llama.json(c, 200, result(api, cid, createdNow, prompt, slot));
                return;
            }
            try (OutputStream os = c.stream(200, "text/event-stream", "Cache-Control", "no-cache")) {
                if (api == Api.CHAT) event(os, chunk(cid, createdNow, Json.obj("role", "assistant", "content", null), null));
                emu.inferenceWork(work);
                release(slot, prompt);
                released = true;
                switch (api) {
                    case CHAT -> {
                        event(os, chunk(cid, createdNow, Json.obj("content", "x"), null));
                        event(os, chunk(cid, createdNow, Json.obj(), "length"));
                        event(os, "[DONE]");
                    }
                    case TEXT -> {
                        event(os, Json.obj("id", cid, "object", "text_completion", "created", createdNow, "model", id,
                                "choices", List.of(Json.obj("text", "x", "index", 0, "logprobs", null, "finish_reason", "length"))));
                        event(os, "[DONE]");
                    }
                    case NATIVE -> {
                        event(os, Json.obj("index", 0, "content", "x", "stop", false, "id_slot", slot));
                        event(os, Json.obj("index", 0, "content", "", "stop", true, "id_slot", slot, "model", id,
                                "tokens_predicted", 1, "tokens_evaluated", prompt, "stop_type", "limit"));
                    }
                }
            }
        } finally {
            if (!released) release(slot, prompt);
        }
    }

    private Object result(Api api, String cid, long createdNow, int prompt, int slot) {
        Map<String, Object> usage = Json.obj("prompt_tokens", prompt, "completion_tokens", 1, "total_tokens", prompt + 1);
        Map<String, Object> timings = Json.obj("prompt_n", prompt, "prompt_ms", 1.0, "predicted_n", 1, "predicted_ms", 1.0);
        return switch (api) {
            case CHAT -> Json.obj("id", cid, "object", "chat.completion", "created", createdNow, "model", id,
                    "choices", List.of(Json.obj("index", 0, "message", Json.obj("role", "assistant", "content", "x"),
                            "finish_reason", "length")),
                    "usage", usage, "timings", timings);
            case TEXT -> Json.obj("id", cid, "object", "text_completion", "created", createdNow, "model", id,
                    "choices", List.of(Json.obj("text", "x", "index", 0, "logprobs", null, "finish_reason", "length")),
                    "usage", usage, "timings", timings);
            case NATIVE -> Json.obj("index", 0, "content", "x", "id_slot", slot, "stop", true, "model", id,
                    "tokens_predicted", 1, "tokens_evaluated", prompt, "stop_type", "limit", "timings", timings);
        };
    }

    private Map<String, Object> chunk(String cid, long createdNow, Map<String, Object> delta, String finish) {
        return Json.obj("choices", List.of(Json.obj("finish_reason", finish, "index", 0, "delta", delta)),
                "created", createdNow, "id", cid, "model", id, "object", "chat.completion.chunk");
    }

    private static void event(OutputStream os, Object data) throws IOException {
        String payload = data instanceof String s ? s : Json.write(data);
        os.write(("data: " + payload + "\n\n").getBytes(StandardCharsets.UTF_8));
        os.flush();
    }

    private static int estimateTokens(Map<String, Object> body) {
        StringBuilder text = new StringBuilder();
        if (body.get("messages") instanceof List<?> msgs) {
            for (Object m : msgs) if (m instanceof Map<?, ?> mm && mm.get("content") != null) text.append(' ').append(mm.get("content"));
        }
        if (body.get("prompt") != null) text.append(' ').append(body.get("prompt"));
        String t = text.toString().trim();
        return t.isEmpty() ? 1 : t.split("\\s+").length;
    }
}
