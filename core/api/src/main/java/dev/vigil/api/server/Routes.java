package dev.vigil.api.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.api.json.Json;
import dev.vigil.api.json.Views;
import dev.vigil.engine.model.ServiceStatus;
import dev.vigil.engine.supervise.Supervisor;
import dev.vigil.engine.task.Tasks;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every route of the control API. Handlers may block (the server runs them on virtual threads);
 * anything a client sends that is wrong becomes a JSON error, never an engine failure.
 */
final class Routes extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(Routes.class);
    private static final String JSON = "application/json";
    private final Supervisor supervisor;
    private final Host host;
    private final ObjectMapper mapper = Json.mapper();
    private final EventStream events;
    private final LogTail logs;
    private final TaskRoutes tasks;
    private final Evaluator js;

    /** {@code tasks} may be null: the task routes then answer 404; {@code js} too: {@code POST /v1/js} answers 501. */
    Routes(Supervisor supervisor, Tasks tasks, Host host, BooleanSupplier stopping, Evaluator js) {
        this.supervisor = supervisor;
        this.host = host;
        this.js = js;
        this.events = new EventStream(supervisor.bus(), tasks, mapper, stopping);
        this.logs = new LogTail(stopping);
        this.tasks = tasks == null ? null : new TaskRoutes(tasks, mapper);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        try {
            route(request, response, callback);
        } catch (ApiException e) {
            reply(response, callback, e.status, Views.error(e.code, e.getMessage()));
        } catch (Supervisor.UnknownServiceException e) {
            reply(response, callback, 404, Views.error("not_found", e.getMessage()));
        } catch (Supervisor.NotAdoptableException e) {
            reply(response, callback, 409, Views.error("not_adoptable", e.getMessage()));
        } catch (Supervisor.ShuttingDownException e) {
            reply(response, callback, 409, Views.error("shutting_down", e.getMessage()));
        } catch (Exception e) {
            LOG.error("{} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
            reply(response, callback, 500, Views.error("internal", String.valueOf(e.getMessage())));
        }
        return true;
    }

    private void route(Request request, Response response, Callback callback) throws Exception {
        String method = request.getMethod();
        String[] p = request.getHttpURI().getPath().replaceAll("/+$", "").split("/");
        Fields query = Request.extractQueryParameters(request);
        String path = request.getHttpURI().getPath();
        switch (path) {
            case "/livez" -> {
                only("GET", method);
                var why = host.notLive();
                if (why.isEmpty()) reply(response, callback, 200, Map.of("status", "ok"));
                else reply(response, callback, 503, Views.error("not_live", why.get()));
                return;
            }
            case "/readyz" -> {
                only("GET", method);
                if (host.ready()) reply(response, callback, 200, Map.of("status", "ready"));
                else reply(response, callback, 503, Views.error("not_ready", "declarations not loaded or boot adoption not done yet"));
                return;
            }
            case "/v1/shutdown" -> {
                only("POST", method);
                boolean keep = boolParam(query, "keep_services", false);
                byte[] body = mapper.writeValueAsBytes(Map.of("status", "shutting_down", "keep_services", keep));
                response.setStatus(202);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
                // Exit only once the answer is out, so the caller learns that it was taken.
                response.write(true, ByteBuffer.wrap(body), Callback.from(() -> {
                    callback.succeeded();
                    host.shutdown(keep);
                }, callback::failed));
                return;
            }
            case "/metrics" -> {
                only("GET", method);
                MetricsRoute.serve(supervisor.metrics(), response, callback);
                return;
            }
            case "/v1/events" -> {
                only("GET", method);
                String service = query.getValue("service");
                if (service != null && supervisor.status(service).isEmpty()) throw new Supervisor.UnknownServiceException(service);
                events.stream(response, callback, service);
                return;
            }
            case "/v1/js" -> {
                only("POST", method);
                evaluate(request, response, callback);
                return;
            }
            case "/v1/services", "/v1/services/" -> {
                only("GET", method);
                reply(response, callback, 200, supervisor.statuses().stream().map(Views::service).toList());
                return;
            }
            default -> {}
        }
        if (p.length >= 3 && p[1].equals("v1") && p[2].equals("tasks")) {
            task(request, response, callback, method, query);
            return;
        }
        if (p.length < 4 || p.length > 5 || !p[1].equals("v1") || !p[2].equals("services")) {
            throw ApiException.notFound("no route " + method + " " + path);
        }
        String name = p[3];
        if (p.length == 4) {
            only("GET", method);
            ServiceStatus s = supervisor.status(name).orElseThrow(() -> new Supervisor.UnknownServiceException(name));
            reply(response, callback, 200, Views.service(s));
            return;
        }
        switch (p[4]) {
            case "adopt" -> {
                only("POST", method);
                reply(response, callback, 200, Views.service(supervisor.adopt(name).get()));
            }
            case "start", "stop", "restart" -> {
                only("POST", method);
                action(request, response, callback, name, p[4], query);
            }
            case "logs" -> {
                only("GET", method);
                String child = query.getValue("child");
                var spec = supervisor.spec(name).orElseThrow(() -> new Supervisor.UnknownServiceException(name));
                String childName = child != null ? child : spec.children().getFirst().name();
                if (spec.children().stream().noneMatch(c -> c.name().equals(childName))) {
                    throw ApiException.notFound("service " + name + " has no child \"" + childName + "\"");
                }
                int n = intParam(query, "n", 100);
                logs.stream(response, callback, supervisor.settings().logFile(spec, childName), n, boolParam(query, "follow", false));
            }
            default -> throw ApiException.notFound("no route " + method + " " + path);
        }
    }

    private void task(Request request, Response response, Callback callback, String method, Fields query) throws Exception {
        if (tasks == null) throw ApiException.notFound("this vigil runs no tasks");
        String[] p = request.getHttpURI().getDecodedPath().replaceAll("/+$", "").split("/", 4);
        TaskRoutes.Reply r;
        if (p.length == 3) {
            only("GET", method);
            r = tasks.list();
        } else if (method.equals("PUT")) {
            r = tasks.submit(p[3], Content.Source.asString(request, StandardCharsets.UTF_8), boolParam(query, "wait", false), query.getValue("timeout"));
        } else {
            if (!method.equals("GET")) throw new ApiException(405, "method_not_allowed", "use GET or PUT, not " + method);
            r = tasks.show(p[3]);
        }
        reply(response, callback, r.status(), r.body());
    }

    private void action(Request request, Response response, Callback callback, String name, String verb, Fields query) throws Exception {
        JsonNode body = body(request);
        boolean wait = body.has("wait") ? bool(body.get("wait"), "wait") : boolParam(query, "wait", true);
        String t = body.has("timeout") ? body.get("timeout").asText() : query.getValue("timeout");
        Duration timeout = t == null ? Duration.ofMinutes(10) : Params.duration("timeout", t);
        String by = "api";
        if (!wait) {
            Supervisor.Action action = Supervisor.Action.valueOf(verb.toUpperCase(java.util.Locale.ROOT));
            reply(response, callback, 202, Views.service(supervisor.request(name, action, by).get()));
            return;
        }
        CompletableFuture<ServiceStatus> f = switch (verb) {
            case "start" -> supervisor.start(name, by);
            case "stop" -> supervisor.stop(name, by);
            default -> supervisor.restart(name, by);
        };
        ServiceStatus s;
        try {
            s = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            s = supervisor.status(name).orElseThrow();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        reply(response, callback, 200, Views.service(s));
    }

    /** {@code POST /v1/js {"expr": "..."}}: {@code {"result": VALUE}}, or 400 with the script's error. */
    private void evaluate(Request request, Response response, Callback callback) throws IOException {
        if (js == null) throw new ApiException(501, "js_unavailable", "this vigil cannot evaluate JS");
        String text = Content.Source.asString(request, StandardCharsets.UTF_8);
        JsonNode node;
        try {
            node = text == null || text.isBlank() ? null : mapper.readTree(text);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw ApiException.badRequest("body is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject() || !node.path("expr").isTextual() || node.size() != 1) {
            throw ApiException.badRequest("body must be {\"expr\": \"JS expression\"}");
        }
        String services = mapper.writeValueAsString(supervisor.statuses().stream().map(Views::service).toList());
        switch (js.evaluate(node.get("expr").asText(), services)) {
            case Evaluator.Result.Value v -> {
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
                response.write(true, ByteBuffer.wrap(("{\"result\":" + v.json() + "}").getBytes(StandardCharsets.UTF_8)), callback);
            }
            case Evaluator.Result.Error e -> throw new ApiException(400, "js_error", e.message());
        }
    }

    private JsonNode body(Request request) throws IOException {
        String text = Content.Source.asString(request, StandardCharsets.UTF_8);
        if (text == null || text.isBlank()) return mapper.createObjectNode();
        return Params.object(mapper, text, "{\"wait\": false}", java.util.List.of("wait", "timeout"));
    }

    private static boolean bool(JsonNode n, String name) {
        if (!n.isBoolean()) throw ApiException.badRequest(name + ": expected true or false, got " + n);
        return n.asBoolean();
    }

    private static void only(String allowed, String method) {
        if (!allowed.equals(method)) throw new ApiException(405, "method_not_allowed", "use " + allowed + ", not " + method);
    }

    private static boolean boolParam(Fields q, String name, boolean dflt) {
        String v = q.getValue(name);
        if (v == null) return dflt;
        return switch (v) {
            case "true", "1", "yes", "" -> true;
            case "false", "0", "no" -> false;
            default -> throw ApiException.badRequest(name + ": expected true or false, got \"" + v + "\"");
        };
    }

    private static int intParam(Fields q, String name, int dflt) {
        String v = q.getValue(name);
        if (v == null) return dflt;
        try {
            int n = Integer.parseInt(v);
            if (n < 0) throw ApiException.badRequest(name + ": must not be negative");
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + ": expected a whole number, got \"" + v + "\"");
        }
    }

    private void reply(Response response, Callback callback, int status, Object body) {
        try {
            byte[] bytes = mapper.writeValueAsBytes(body);
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
            response.write(true, ByteBuffer.wrap(bytes), callback);
        } catch (IOException e) {
            callback.failed(e);
        }
    }
}
