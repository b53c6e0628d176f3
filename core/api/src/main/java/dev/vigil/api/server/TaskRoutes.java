package dev.vigil.api.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.api.json.Views;
import dev.vigil.engine.model.TaskRecord;
import dev.vigil.engine.task.Submission;
import dev.vigil.engine.task.Tasks;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code /v1/tasks}: {@code GET} lists every task, {@code GET /v1/tasks/ID} shows one, {@code PUT
 * /v1/tasks/ID} submits {@code {"template": "...", "params": {...}}} — 201 for a new run, 200 for the
 * task as it was, 400 for a bad submit, 409 for the id taken with another template or other params.
 * {@code ?wait=true} (or {@code "wait": true}) answers once the run has ended or {@code timeout}
 * (default 10m) ran out.
 */
final class TaskRoutes {

    private static final List<String> FIELDS = List.of("template", "params", "wait", "timeout");
    private static final Duration DEFAULT_WAIT = Duration.ofMinutes(10);
    private final Tasks tasks;
    private final ObjectMapper mapper;

    TaskRoutes(Tasks tasks, ObjectMapper mapper) {
        this.tasks = tasks;
        this.mapper = mapper;
    }

    /** A reply: the HTTP status and the JSON body. */
    record Reply(int status, Object body) {}

    Reply list() {
        return new Reply(200, tasks.list().stream().map(Views::task).toList());
    }

    Reply show(String id) {
        return new Reply(200, Views.task(tasks.get(id).orElseThrow(() -> ApiException.notFound("no task with id \"" + id + "\""))));
    }

    Reply submit(String id, String text, boolean waitParam, String timeoutParam) throws InterruptedException {
        JsonNode body = parse(text);
        JsonNode template = body.get("template");
        if (template == null || !template.isTextual()) throw ApiException.badRequest("template: required, the name of a [tasks.NAME] template");
        Map<String, String> params = params(body.get("params"));
        boolean wait = body.has("wait") ? bool(body.get("wait")) : waitParam;
        String t = body.has("timeout") ? body.get("timeout").asText() : timeoutParam;
        Duration timeout = t == null ? DEFAULT_WAIT : Params.duration("timeout", t);
        Submission s = tasks.submit(id, template.asText(), params);
        return switch (s) {
            case Submission.Rejected r -> throw ApiException.badRequest(r.reason());
            case Submission.Conflict c -> throw new ApiException(409, "conflict", c.difference());
            case Submission.Started st -> new Reply(201, Views.task(wait ? await(st.task(), timeout) : st.task()));
            case Submission.Existing ex -> new Reply(200, Views.task(wait ? await(ex.task(), timeout) : ex.task()));
        };
    }

    private TaskRecord await(TaskRecord t, Duration timeout) throws InterruptedException {
        try {
            return tasks.finished(t.id()).orElseThrow().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return tasks.get(t.id()).orElse(t);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private JsonNode parse(String text) {
        if (text == null || text.isBlank()) throw ApiException.badRequest("body required: {\"template\": \"NAME\", \"params\": {...}}");
        return Params.object(mapper, text, "{\"template\": \"NAME\", \"params\": {}}", FIELDS);
    }

    private static Map<String, String> params(JsonNode node) {
        Map<String, String> params = new LinkedHashMap<>();
        if (node == null || node.isNull()) return params;
        if (!node.isObject()) throw ApiException.badRequest("params: expected an object of strings, got " + node);
        node.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (!v.isValueNode() || v.isNull()) throw ApiException.badRequest("params." + e.getKey() + ": expected a string, got " + v);
            params.put(e.getKey(), v.asText());
        });
        return params;
    }

    private static boolean bool(JsonNode n) {
        if (!n.isBoolean()) throw ApiException.badRequest("wait: expected true or false, got " + n);
        return n.asBoolean();
    }
}
