package dev.vigil.emulators;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Moonshine flavors: PROVIDERS.md §3 and §6.4. */
class MoonshineTest extends EmulatorTestBase {
    static final String TX = "/v1/audio/transcriptions";

    @Test
    void hal0Ready() {
        Emulator e = up("moonshine", "--port", "0");
        assertEquals("hal0", e.flavor());
        assertEquals("{\"status\":\"ok\",\"model_loaded\":true,\"model_arch\":\"small_streaming\",\"model_id\":\"moonshine-small_streaming-en\"}",
                get(e, "/health").body());
        assertEquals("{\"data\":[{\"id\":\"moonshine-small_streaming-en\",\"object\":\"model\",\"owned_by\":\"moonshine\"}]}",
                get(e, "/v1/models").body());
        Emulator tiny = up("moonshine", "--port", "0", "--model-arch", "tiny");
        assertEquals("moonshine-tiny-en", get(tiny, "/health").map().get("model_id"));
        assertEquals("{\"detail\":\"Not Found\"}", get(e, "/nope").body());
    }

    @Test
    void hal0Transcriptions() {
        Emulator e = up("moonshine", "--port", "0", "--transcript", "the quick brown fox");
        byte[] wav = wavOfSeconds(1.5);
        assertEquals("{\"text\":\"the quick brown fox\"}", upload(e, TX, wav).body());
        Res text = upload(e, TX, wav, "response_format", "text");
        assertEquals("text/plain", text.type());
        assertEquals("\"the quick brown fox\"", text.body(), "hal0 wraps the text in JSONResponse");
        Map<String, Object> verbose = upload(e, TX, wav, "response_format", "verbose_json", "language", "en").map();
        assertEquals("transcribe", verbose.get("task"));
        assertEquals("en", verbose.get("language"));
        assertEquals(1.5, (Double) verbose.get("duration"), 1e-9);
        assertEquals(List.of(), verbose.get("segments"));
        Res empty = upload(e, TX, new byte[0]);
        assertEquals(400, empty.status());
        assertEquals("{\"detail\":\"empty audio upload\"}", empty.body());
        assertEquals(422, upload(e, TX, null, "model", "x").status());
        assertEquals(200, upload(e, TX, new byte[64]).status(), "without --strict-audio anything decodes");
    }

    @Test
    void hal0StrictAudioRejectsUndecodableUploads() {
        Emulator e = up("moonshine", "--port", "0", "--strict-audio");
        Res r = upload(e, TX, "not audio at all".getBytes());
        assertEquals(415, r.status());
        assertEquals("{\"detail\":{\"error\":{\"code\":\"audio.unsupported_format\",\"message\":\"Failed to decode audio input\","
                + "\"details\":{\"decoder_returncode\":1}}}}", r.body());
        assertEquals(200, upload(e, TX, wavOfSeconds(0.1)).status());
    }

    @Test
    void hal0WithoutModel() {
        for (String flag : List.of("--no-model", "--fail-load")) {
            Emulator e = up("moonshine", "--port", "0", flag);
            assertEquals("{\"status\":\"loading\",\"model_loaded\":false,\"model_arch\":null,\"model_id\":null}", get(e, "/health").body());
            assertEquals("{\"data\":[]}", get(e, "/v1/models").body());
            Res r = upload(e, TX, wavOfSeconds(0.1));
            assertEquals(503, r.status());
            assertEquals("{\"detail\":\"model not loaded\"}", r.body());
            await().until(() -> e.phase() == Emulator.Phase.IDLE);
            assertAlive(e);
        }
    }

    @Test
    void speachesLazyLoading() {
        Emulator e = up("moonshine", "--flavor", "speaches", "--port", "0", "--load-delay", "1h", "--models", "m1,m2");
        Res h = get(e, "/health");
        assertEquals("OK", h.body());
        assertEquals("text/plain; charset=utf-8", h.type());
        assertEquals("{\"models\":[]}", get(e, "/api/ps").body());
        Map<String, Object> models = get(e, "/v1/models").map();
        assertEquals("list", models.get("object"));
        assertEquals(List.of("m1", "m2"), ((List<?>) models.get("data")).stream().map(m -> path(m, "id")).toList());
        CompletableFuture<Res> load = postAsync(e, "/api/ps/m1", "");
        await().until(() -> e.logLines().toString().contains("loading m1"));
        assertFalse(load.isDone());
        e.advance();
        assertEquals(201, load.join().status());
        assertEquals("{\"models\":[\"m1\"]}", get(e, "/api/ps").body());
        assertEquals(Emulator.Phase.READY, e.phase());
        Res again = post(e, "/api/ps/m1", "");
        assertEquals(409, again.status());
        assertEquals("Model already loaded", again.map().get("detail"));
        assertEquals(404, post(e, "/api/ps/zzz", "").status());
        assertEquals(204, delete(e, "/api/ps/m1").status());
        assertEquals(404, delete(e, "/api/ps/m1").status());
        assertEquals("{\"models\":[]}", get(e, "/api/ps").body());
        assertEquals(Emulator.Phase.IDLE, e.phase());
        assertEquals(2, ((List<?>) get(e, "/v1/models").map().get("data")).size(), "still downloaded");
    }

    @Test
    void speachesTranscriptionLoadsTheModelOnFirstUse() {
        Emulator e = up("moonshine", "--flavor", "speaches", "--port", "0");
        Res r = upload(e, TX, wavOfSeconds(0.2), "response_format", "text");
        assertEquals(200, r.status());
        assertEquals("hello world", r.body());
        assertEquals("{\"models\":[\"moonshine-small_streaming-en\"]}", get(e, "/api/ps").body());
        assertEquals(404, upload(e, TX, wavOfSeconds(0.2), "model", "whisper-1").status());
    }

    @Test
    void speachesFailedLoadIsPerRequest() {
        Emulator e = up("moonshine", "--flavor", "speaches", "--port", "0", "--fail-load");
        assertEquals(500, post(e, "/api/ps/moonshine-small_streaming-en", "").status());
        assertEquals(500, upload(e, TX, wavOfSeconds(0.2)).status());
        assertEquals("OK", get(e, "/health").body());
        assertEquals("{\"models\":[]}", get(e, "/api/ps").body());
        assertAlive(e);
    }

    @Test
    void badArchIsAUsageError() {
        assertThrows(Flags.UsageException.class, () -> Emulator.start("moonshine", "--port", "0", "--model-arch", "huge"));
        assertThrows(Flags.UsageException.class, () -> Emulator.start("moonshine", "--port", "0", "--flavor", "whisper"));
    }
}
