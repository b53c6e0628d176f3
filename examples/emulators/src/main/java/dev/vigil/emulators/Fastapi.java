package dev.vigil.emulators;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** How FastAPI on uvicorn answers: JSON bodies, {"detail": …} errors, uvicorn's log lines. */
final class Fastapi {
    private Fastapi() {}

    static void json(Http.Call c, int code, Object body) throws IOException {
        c.send(code, "application/json", Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    static void detail(Http.Call c, int code, Object detail) throws IOException { json(c, code, Json.obj("detail", detail)); }

    static void notFound(Http.Call c) throws IOException { detail(c, 404, "Not Found"); }

    static void methodNotAllowed(Http.Call c) throws IOException { detail(c, 405, "Method Not Allowed"); }

    /** A pydantic validation error (422) for one body field. */
    static void invalid(Http.Call c, String type, String field, String msg, Object input) throws IOException {
        detail(c, 422, List.of(Json.obj("type", type, "loc", List.of("body", field), "msg", msg, "input", input)));
    }

    static void missing(Http.Call c, String field) throws IOException {
        invalid(c, "missing", field, "Field required", null);
    }

    static void badJson(Http.Call c, Json.ParseException e) throws IOException {
        detail(c, 422, List.of(Json.obj("type", "json_invalid", "loc", List.of("body", 0), "msg", "JSON decode error",
                "input", Json.obj(), "ctx", Json.obj("error", e.getMessage()))));
    }

    static String bindError(String host, int port) {
        return "ERROR:    [Errno 98] error while attempting to bind on address ('" + host + "', " + port
                + "): address already in use";
    }

    static String startupLines() {
        return "INFO:     Started server process [" + ProcessHandle.current().pid() + "]\n"
                + "INFO:     Waiting for application startup.\nINFO:     Application startup complete.";
    }

    static String readyLine(String host, int port) {
        return "INFO:     Uvicorn running on http://" + host + ":" + port + " (Press CTRL+C to quit)";
    }
}
