package dev.vigil.emulators;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;

/** Starts emulators in-process and talks to them over real HTTP. */
abstract class EmulatorTestBase {
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    static final Duration HANG_TIMEOUT = Duration.ofMillis(250);

    static {
        Awaitility.setDefaultPollDelay(Duration.ZERO);
        Awaitility.setDefaultPollInterval(Duration.ofMillis(20));
        Awaitility.setDefaultTimeout(Duration.ofSeconds(30));
    }

    private final List<Emulator> started = new ArrayList<>();

    /** A response: status, body text, headers. */
    record Res(int status, String body, HttpHeaders headers) {
        Object json() { return Json.parse(body); }

        @SuppressWarnings("unchecked")
        Map<String, Object> map() { return (Map<String, Object>) json(); }

        String type() { return headers.firstValue("Content-Type").orElse(""); }
    }

    Emulator start(String... args) {
        Emulator e = Emulator.start(args);
        started.add(e);
        return e;
    }

    /** Starts and waits until the port is bound (or the emulator is gone already). */
    Emulator up(String... args) {
        Emulator e = start(args);
        await().until(() -> e.http.port() >= 0 || e.exitCode().isDone());
        return e;
    }

    @AfterEach
    void closeAll() {
        started.forEach(Emulator::close);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static boolean refused(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static HttpRequest.Builder req(Emulator e, String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + e.port() + path))
                .timeout(Duration.ofSeconds(20));
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return b;
    }

    static Res send(HttpRequest r) {
        try {
            HttpResponse<byte[]> resp = CLIENT.send(r, HttpResponse.BodyHandlers.ofByteArray());
            return new Res(resp.statusCode(), new String(resp.body(), StandardCharsets.UTF_8), resp.headers());
        } catch (IOException e) {
            throw new RuntimeException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException(e);
        }
    }

    static Res get(Emulator e, String path, String... headers) { return send(req(e, path, headers).GET().build()); }

    static Res post(Emulator e, String path, String body, String... headers) {
        return send(req(e, path, headers).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static Res delete(Emulator e, String path) { return send(req(e, path).DELETE().build()); }

    static CompletableFuture<Res> postAsync(Emulator e, String path, String body) {
        HttpRequest r = req(e, path).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return CLIENT.sendAsync(r, HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(x -> new Res(x.statusCode(), new String(x.body(), StandardCharsets.UTF_8), x.headers()));
    }

    /** A multipart/form-data upload: the file part plus text fields. */
    static Res upload(Emulator e, String path, byte[] file, String... fields) {
        String boundary = "----emutest" + System.nanoTime();
        var out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i + 1 < fields.length; i += 2) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fields[i] + "\"\r\n\r\n"
                    + fields[i + 1] + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        if (file != null) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(file);
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(req(e, path, "Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build());
    }

    /** The request gets no answer within a short client timeout. */
    static void assertHangs(Emulator e, String method, String path, String body) {
        HttpRequest r = req(e, path).timeout(HANG_TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        CompletionException ex = assertThrows(CompletionException.class,
                () -> CLIENT.sendAsync(r, HttpResponse.BodyHandlers.discarding()).join(), method + " " + path + " answered");
        assertTrue(ex.getCause() instanceof HttpTimeoutException, "expected a timeout, got " + ex.getCause());
    }

    static void assertAlive(Emulator e) {
        assertTrue(!e.exitCode().isDone(), "the emulator exited: " + e.exitCode().getNow(null));
    }

    static void assertExited(Emulator e, int code) {
        await().until(() -> e.exitCode().isDone());
        assertEquals(code, e.exitCode().join());
    }

    static Object path(Object json, Object... keys) {
        Object cur = json;
        for (Object k : keys) {
            cur = k instanceof Integer i ? ((List<?>) cur).get(i) : ((Map<?, ?>) cur).get(k);
        }
        return cur;
    }

    static byte[] wavOfSeconds(double s) { return Audio.wav(16_000, new byte[(int) (s * 32_000)]); }
}
