package dev.vigil.engine.probe;

import dev.vigil.engine.model.ProbeTarget;

import dev.vigil.engine.probe.CheckResult.Fail;
import dev.vigil.engine.probe.CheckResult.Pass;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The http probe: one GET, then the status range, the body substring and the JSON match, in that order.
 *
 * <p>The body is read only when a body check needs it, and at most {@value #BODY_LIMIT} bytes of it. The
 * client has no connect timeout of its own because checks differ in timeout; the request timeout and the
 * checker's interrupt bound the connect as well.
 */
final class HttpCheck implements AutoCloseable {

    static final int BODY_LIMIT = 1 << 20;

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .proxy(HttpClient.Builder.NO_PROXY)
            .build();

    CheckResult check(ProbeTarget.Http target, Duration timeout) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(target.url())
                .GET()
                .timeout(timeout)
                .header("User-Agent", "vigil-probe")
                .build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            int status = response.statusCode();
            if (status < target.statusMin() || status > target.statusMax()) {
                return new Fail("HTTP " + status + " (wanted " + target.statusRange() + ")");
            }
            if (target.bodyContains() == null && target.jsonPointer() == null) return new Pass("HTTP " + status);
            byte[] bytes = in.readNBytes(BODY_LIMIT + 1);
            if (bytes.length > BODY_LIMIT) return new Fail("body is larger than 1 MiB");
            String body = new String(bytes, StandardCharsets.UTF_8);
            if (target.bodyContains() != null && !body.contains(target.bodyContains())) {
                return new Fail("body does not contain \"" + target.bodyContains() + "\"");
            }
            if (target.jsonPointer() == null) return new Pass("HTTP " + status);
            CheckResult json = JsonPointerMatch.match(body, target.jsonPointer(), target.jsonEquals());
            return json.passed() ? new Pass("HTTP " + status + ", " + json.text()) : json;
        }
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
