package dev.vigil.emulators;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The hang modes of PROVIDERS.md §6.1 on every emulator: requests hang, the process lives. */
class HangModesTest extends EmulatorTestBase {
    /** One emulator flavor: how to start it, its health route, an inference request, another route. */
    record Target(String name, List<String> args, String health, String inferPath, String inferBody, String other) {
        @Override
        public String toString() { return name; }
    }

    static final String SPEECH = "{\"input\":\"hi\"}";

    static Stream<Target> targets() {
        return Stream.of(
                new Target("llama single", List.of("llama-server"), "/health", "/v1/chat/completions", "{}", "/v1/models"),
                new Target("llama legacy2024", List.of("llama-server", "--flavor", "legacy2024"), "/health", "/completion", "{}", "/props"),
                new Target("llama router", List.of("llama-server", "--flavor", "router", "--router-models", "a", "--load-on-startup", "a"),
                        "/health", "/v1/chat/completions", "{\"model\":\"a\"}", "/v1/models"),
                new Target("kokoro fastapi", List.of("kokoro"), "/health", "/v1/audio/speech", SPEECH, "/v1/models"),
                new Target("kokoro hal0", List.of("kokoro", "--flavor", "hal0"), "/health", "/v1/audio/speech", SPEECH, "/v1/models"),
                new Target("kokoros", List.of("kokoro", "--flavor", "kokoros"), "/", "/v1/audio/speech", SPEECH, "/v1/audio/voices"),
                new Target("moonshine hal0", List.of("moonshine"), "/health", "/v1/audio/transcriptions", null, "/v1/models"),
                new Target("moonshine speaches", List.of("moonshine", "--flavor", "speaches"), "/health", "/v1/audio/transcriptions", null, "/api/ps"));
    }

    static Stream<Arguments> targetsAndModes() {
        return targets().flatMap(t -> Stream.of("accept-silent", "no-accept", "health-ok-infer-hang", "health-503", "slow-health:600ms")
                .map(m -> Arguments.of(t, m)));
    }

    Emulator hungEmulator(Target t, String... extra) {
        List<String> args = new java.util.ArrayList<>(t.args());
        args.addAll(List.of("--port", "0"));
        args.addAll(List.of(extra));
        Emulator e = up(args.toArray(String[]::new));
        await().until(e::hanging);
        return e;
    }

    /** The inference request: JSON, or a multipart upload for the transcription route. */
    static HttpRequest inference(Emulator e, Target t, Duration timeout) {
        if (t.inferBody() != null) {
            return req(e, t.inferPath()).timeout(timeout).POST(HttpRequest.BodyPublishers.ofString(t.inferBody())).build();
        }
        String b = "----x";
        String body = "--" + b + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n\r\nRIFFxxxxWAVE\r\n--" + b + "--\r\n";
        return req(e, t.inferPath(), "Content-Type", "multipart/form-data; boundary=" + b).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    static int status(HttpRequest r) {
        return CLIENT.sendAsync(r, HttpResponse.BodyHandlers.discarding()).join().statusCode();
    }

    static void assertInferenceHangs(Emulator e, Target t) {
        var ex = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.CompletionException.class,
                () -> status(inference(e, t, HANG_TIMEOUT)));
        assertTrue(ex.getCause() instanceof java.net.http.HttpTimeoutException, String.valueOf(ex.getCause()));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("targetsAndModes")
    void hangModes(Target t, String mode) {
        Emulator e = hungEmulator(t, "--hang-mode", mode);
        switch (mode) {
            case "accept-silent", "no-accept" -> {
                assertHangs(e, "GET", t.health(), null);
                assertHangs(e, "GET", t.other(), null);
                assertInferenceHangs(e, t);
            }
            case "health-ok-infer-hang" -> {
                assertEquals(200, get(e, t.health()).status());
                assertInferenceHangs(e, t);
                assertEquals(200, get(e, t.other()).status());
            }
            case "health-503" -> {
                Res h = get(e, t.health());
                assertEquals(503, h.status());
                if (t.name().startsWith("llama single") || t.name().startsWith("llama router")) {
                    assertEquals(ProbeTableTest.LOADING, h.body());
                } else if (t.name().contains("legacy")) {
                    assertEquals("{\"status\":\"loading model\"}", h.body());
                }
                assertEquals(503, get(e, t.health()).status(), "for good");
                assertEquals(200, get(e, t.other()).status());
            }
            default -> { // slow-health:600ms
                assertHangs(e, "GET", t.health(), null);
                Res slow = send(req(e, t.health()).timeout(Duration.ofSeconds(20)).GET().build());
                assertEquals(200, slow.status());
                assertEquals(200, get(e, t.other()).status());
            }
        }
        assertAlive(e);
    }

    @Test
    void hangAfterServesUntilTheTimerFires() {
        Emulator e = up("llama-server", "--port", "0", "--hang-after", "1h", "--hang-mode", "accept-silent");
        await().until(() -> e.phase() == Emulator.Phase.READY);
        assertEquals(200, get(e, "/health").status());
        assertTrue(!e.hanging());
        e.advance(); // the hang-after timer fires now
        await().until(e::hanging);
        assertHangs(e, "GET", "/health", null);
        assertAlive(e);
    }

    @Test
    void crashAfterServesUntilTheTimerFires() {
        Emulator e = up("kokoro", "--flavor", "hal0", "--port", "0", "--crash-after", "1h", "--crash-rc", "1");
        await().until(() -> e.phase() == Emulator.Phase.READY);
        assertEquals(200, get(e, "/health").status());
        assertAlive(e);
        e.advance();
        assertExited(e, 1);
    }

    @Test
    void hangAfterAloneDefaultsToAcceptSilent() {
        Emulator e = up("moonshine", "--port", "0", "--hang-after", "0");
        await().until(e::hanging);
        assertTrue(e.logLines().toString().contains("hanging: accept-silent"));
        assertHangs(e, "GET", "/health", null);
    }

    @Test
    void closingReleasesHungRequests() {
        Emulator e = up("kokoro", "--port", "0", "--hang-mode", "accept-silent");
        await().until(e::hanging);
        var pending = CLIENT.sendAsync(req(e, "/health").GET().build(), HttpResponse.BodyHandlers.discarding());
        await().until(() -> e.logLines().toString().contains("hung (accept-silent)"));
        e.close();
        await().until(pending::isDone);
    }
}
