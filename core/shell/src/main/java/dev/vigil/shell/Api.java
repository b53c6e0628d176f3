package dev.vigil.shell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.api.client.ControlClient;
import dev.vigil.api.json.Json;
import dev.vigil.api.json.Views;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** The client commands' calls to the daemon, with its errors turned into exit codes. */
final class Api {

    static final ObjectMapper JSON = Json.mapper();
    private final ControlClient client;

    Api(ControlClient client) {
        this.client = client;
    }

    ControlClient.Response get(String path) throws IOException {
        return check(client.send("GET", path, null));
    }

    ControlClient.Response post(String path) throws IOException {
        return check(client.send("POST", path, null));
    }

    List<Views.Service> services() throws IOException {
        return Arrays.asList(JSON.readValue(get("/v1/services").body(), Views.Service[].class));
    }

    Views.Service service(String name) throws IOException {
        return JSON.readValue(get("/v1/services/" + enc(name)).body(), Views.Service.class);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Throws for an error response, with the server's message and the matching exit code. */
    static ControlClient.Response check(ControlClient.Response r) throws IOException {
        if (r.status() < 400) return r;
        String message = r.body();
        try {
            JsonNode err = JSON.readTree(r.body()).path("error");
            if (err.has("message")) message = err.get("message").asText();
        } catch (IOException notJson) {
            // keep the raw body
        }
        int code = r.status() == 404 ? ExitCodes.NOT_FOUND : r.status() == 400 ? ExitCodes.USAGE : ExitCodes.FAILED;
        throw new Main.CliException(code, message);
    }
}
