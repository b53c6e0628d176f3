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

    ControlClient.Response put(String path, String json) throws IOException {
        return check(client.send("PUT", path, json));
    }

    ControlClient.Response post(String path, String json) throws IOException {
        return check(client.send("POST", path, json));
    }

    List<Views.Service> services() throws IOException {
        return Arrays.asList(JSON.readValue(get("/v1/services").body(), Views.Service[].class));
    }

    Views.Service service(String name) throws IOException {
        return JSON.readValue(get("/v1/services/" + enc(name)).body(), Views.Service.class);
    }

    /**
     * Loads, on a background thread, what reading a service's JSON needs (Jackson's record binding
     * costs a cold JVM ~25 ms): a command that waits for a service then answers the moment it may.
     */
    static void warmUp() {
        Thread.ofPlatform().daemon().name("vigil-warm-up").start(() -> {
            try {
                JSON.readValue("{\"name\":\"x\",\"state\":\"READY\",\"pid\":1,\"children\":[{\"name\":\"main\",\"state\":\"READY\","
                        + "\"pid\":1}],\"restarts\":0,\"last_exit\":{\"code\":0,\"text\":\"exit 0\"},\"waiting_for\":[]}",
                        Views.Service.class);
            } catch (IOException e) {
                // a warm-up only
            }
        });
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
