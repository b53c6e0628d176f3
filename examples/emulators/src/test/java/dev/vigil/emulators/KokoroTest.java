package dev.vigil.emulators;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Kokoro flavors: PROVIDERS.md §2 and §6.3. */
class KokoroTest extends EmulatorTestBase {
    static final String SPEECH = "{\"model\":\"kokoro\",\"input\":\"Hello.\",\"voice\":\"af_heart\"}";

    @Test
    void fastapiReady() {
        Emulator e = up("kokoro", "--port", "0");
        assertEquals("fastapi", e.flavor());
        assertEquals("{\"status\":\"healthy\"}", get(e, "/health").body());
        assertEquals("application/json", get(e, "/health").type());
        assertEquals("{\"status\":\"ok\"}", get(e, "/v1/test").body());
        List<?> models = (List<?>) get(e, "/v1/models").map().get("data");
        assertEquals(List.of("tts-1", "tts-1-hd", "kokoro", "gpt-4o-mini-tts"), models.stream().map(m -> path(m, "id")).toList());
        assertEquals(1686935002L, path(models.get(0), "created"));
        assertEquals("kokoro", path(models.get(0), "owned_by"));
        assertEquals("tts-1", get(e, "/v1/models/tts-1").map().get("id"));
        assertEquals("model_not_found", path(get(e, "/v1/models/zzz").json(), "detail", "error"));
        assertEquals(Json.obj("id", "af_heart", "name", "af_heart"), path(get(e, "/v1/audio/voices").json(), "voices", 0));
        assertEquals("af_heart", path(get(e, "/v1/audio/voices?legacy=true").json(), "voices", 0));
        assertEquals("{\"detail\":\"Not Found\"}", get(e, "/nope").body());
        assertEquals(405, post(e, "/health", "").status());
    }

    @Test
    void fastapiSpeech() throws Exception {
        Emulator e = up("kokoro", "--port", "0");
        HttpResponse<byte[]> r = CLIENT.send(req(e, "/v1/audio/speech").POST(java.net.http.HttpRequest.BodyPublishers.ofString(SPEECH)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        assertEquals("audio/mpeg", r.headers().firstValue("Content-Type").orElse(""));
        assertEquals("attachment; filename=speech.mp3", r.headers().firstValue("Content-Disposition").orElse(""));
        assertEquals("no", r.headers().firstValue("X-Accel-Buffering").orElse(""));
        assertEquals("chunked", r.headers().firstValue("Transfer-Encoding").orElse(""));
        assertTrue(r.body().length > 2000);
        assertEquals((byte) 0xFF, r.body()[0]);
        Res wav = post(e, "/v1/audio/speech", "{\"input\":\"hi\",\"response_format\":\"wav\",\"stream\":false}");
        assertEquals("audio/wav", wav.type());
        assertTrue(wav.body().startsWith("RIFF"));
        assertTrue(wav.headers().firstValue("Content-Length").isPresent());
        for (String fmt : List.of("opus", "aac", "flac", "pcm")) {
            assertEquals("audio/" + fmt, post(e, "/v1/audio/speech", "{\"input\":\"hi\",\"response_format\":\"" + fmt + "\"}").type());
        }
        Res bad = post(e, "/v1/audio/speech", "{\"input\":\"hi\",\"model\":\"whisper\"}");
        assertEquals(400, bad.status());
        assertEquals(Json.obj("error", "invalid_model", "message", "Unsupported model: whisper", "type", "invalid_request_error"),
                bad.map().get("detail"));
        assertEquals(422, post(e, "/v1/audio/speech", "{}").status());
        assertEquals(422, post(e, "/v1/audio/speech", "{\"input\":\"x\",\"response_format\":\"ogg\"}").status());
        assertEquals(422, post(e, "/v1/audio/speech", "{oops").status());
    }

    @Test
    void fastapiFailedLoadExitsThreeOrTheGivenCode() {
        assertExited(start("kokoro", "--port", "0", "--fail-load"), 3);
        assertExited(start("kokoro", "--port", "0", "--fail-load", "0"), 0);
        assertExited(start("kokoro", "--port", "0", "--fail-rc", "0"), 0);
    }

    @Test
    void fastapiNoModelIsHealthyAndTheFirstSpeechPaysTheLoad() {
        Emulator e = up("kokoro", "--port", "0", "--no-model", "--load-delay", "1h");
        await().until(() -> e.phase() == Emulator.Phase.READY);
        assertEquals("{\"status\":\"healthy\"}", get(e, "/health").body());
        CompletableFuture<Res> first = postAsync(e, "/v1/audio/speech", SPEECH);
        await().until(() -> e.logLines().toString().contains("loading model for this request"));
        assertFalse(first.isDone());
        assertEquals(200, get(e, "/health").status());
        e.advance();
        assertEquals(200, first.join().status());
        assertEquals(200, post(e, "/v1/audio/speech", SPEECH).status(), "loaded now: no second delay");
    }

    @Test
    void fastapiDevUnload() {
        Emulator locked = up("kokoro", "--port", "0");
        assertEquals(403, post(locked, "/dev/unload", "").status());
        Emulator e = up("kokoro", "--port", "0", "--allow-dev-unload", "--load-delay", "10ms");
        assertEquals("{\"status\":\"unloaded\"}", post(e, "/dev/unload", "").body());
        assertEquals("{\"status\":\"healthy\"}", get(e, "/health").body());
        assertEquals(200, post(e, "/v1/audio/speech", SPEECH).status());
        assertTrue(e.logLines().toString().contains("loading model for this request"));
    }

    @Test
    void hal0Ready() {
        Emulator e = up("kokoro", "--flavor", "hal0", "--port", "0");
        assertEquals("{\"status\":\"ok\",\"model_loaded\":true,\"default_voice\":\"af_bella\"}", get(e, "/health").body());
        assertEquals("{\"data\":[{\"id\":\"kokoro\",\"object\":\"model\",\"owned_by\":\"hexgrad\"}]}", get(e, "/v1/models").body());
        assertEquals("af_bella", path(get(e, "/v1/audio/voices").json(), "voices", 0));
        Res mp3 = post(e, "/v1/audio/speech", "{\"input\":\"hi\"}");
        assertEquals(200, mp3.status());
        assertEquals("audio/mpeg", mp3.type());
        assertEquals("audio/wav", post(e, "/v1/audio/speech", "{\"input\":\"hi\",\"response_format\":\"wav\"}").type());
        assertEquals("{\"detail\":\"empty input\"}", post(e, "/v1/audio/speech", "{\"input\":\"  \"}").body());
        Res aac = post(e, "/v1/audio/speech", "{\"input\":\"hi\",\"response_format\":\"aac\"}");
        assertEquals(400, aac.status());
        assertEquals("unsupported response_format='aac'", aac.map().get("detail"));
    }

    @Test
    void hal0NoModelNeverChanges() {
        Emulator e = up("kokoro", "--flavor", "hal0", "--port", "0", "--no-model", "--default-voice", "am_adam");
        assertEquals("{\"status\":\"loading\",\"model_loaded\":false,\"default_voice\":\"am_adam\"}", get(e, "/health").body());
        assertEquals("{\"data\":[]}", get(e, "/v1/models").body());
        Res speech = post(e, "/v1/audio/speech", SPEECH);
        assertEquals(503, speech.status());
        assertEquals("{\"detail\":\"model not loaded\"}", speech.body());
        e.advance();
        assertEquals(false, get(e, "/health").map().get("model_loaded"));
        await().until(() -> e.phase() == Emulator.Phase.IDLE);
    }

    @Test
    void hal0FailedLoadBindsAnywayAfterTheLoad() throws Exception {
        int port = freePort();
        Emulator e = start("kokoro", "--flavor", "hal0", "--port", "" + port, "--fail-load", "--load-delay", "1h");
        await().until(() -> e.phase() == Emulator.Phase.LOADING);
        assertTrue(refused(port));
        e.advance();
        await().until(() -> !refused(port));
        assertEquals(false, get(e, "/health").map().get("model_loaded"));
        assertAlive(e);
    }

    @Test
    void kokoros() {
        Emulator e = up("kokoro", "--flavor", "kokoros", "--port", "0");
        Res root = get(e, "/");
        assertEquals(200, root.status());
        assertEquals("OK", root.body());
        assertEquals(404, get(e, "/health").status());
        assertEquals("", get(e, "/health").body());
        assertTrue(path(get(e, "/v1/audio/voices").json(), "voices", 0) instanceof String);
        assertEquals(200, get(e, "/v1/models").status());
        assertEquals(200, post(e, "/v1/audio/speech", SPEECH).status());
    }

    @Test
    void kokorosFailedLoadExitsNonZeroAndHasNoIdleForm() {
        assertExited(start("kokoro", "--flavor", "kokoros", "--port", "0", "--fail-load"), 1);
        assertThrows(Flags.UsageException.class, () -> Emulator.start("kokoro", "--flavor", "kokoros", "--port", "0", "--no-model"));
    }

    @Test
    void logReadyPrintsUvicornsLine() {
        Emulator e = up("kokoro", "--port", "0", "--log-ready");
        await().until(() -> e.logLines().contains("[stderr] INFO:     Uvicorn running on http://127.0.0.1:" + e.port() + " (Press CTRL+C to quit)"));
        Emulator k = up("kokoro", "--flavor", "kokoros", "--port", "0", "--log-ready");
        await().until(() -> k.logLines().contains("[stderr] Starting OpenAI-compatible HTTP server on 127.0.0.1:" + k.port()));
    }

    @Test
    void silenceIsValidAudio() {
        byte[] wav = Audio.silence("wav");
        assertArrayEquals("RIFF".getBytes(), java.util.Arrays.copyOf(wav, 4));
        assertEquals(0.25, Audio.durationSeconds(Audio.wav(24_000, new byte[12_000])), 1e-9);
        assertTrue(Audio.decodable(Audio.silence("mp3")));
        assertFalse(Audio.decodable(new byte[100]));
    }
}
