package dev.vigil.plugins.llama;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Requests to one llama-server, each bounded by the request timeout and by the check's deadline
 * (less a tenth, at most 50 ms), whichever comes first, and answered as a {@link Reply} rather than
 * an exception.
 *
 * <p>The request timeout of {@link HttpClient} stops at the response headers; the whole exchange,
 * body included, is bounded here by waiting on the future for the same time, then cancelling it. An
 * interrupt cancels the exchange and is rethrown. Bodies over {@value #BODY_LIMIT} bytes are refused.
 * The API key goes out as {@code Authorization: Bearer} only: every build that checks a key accepts
 * that header, {@code X-Api-Key} being an alternative (PROVIDERS.md §1.2 "Auth").
 */
final class LlamaClient {

    static final int BODY_LIMIT = 1 << 20;
    private static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
    private static final Duration DEADLINE_MARGIN = Duration.ofMillis(50);

    /** How one request went. */
    sealed interface Reply {
        /** The server answered with a status and a body (possibly empty). */
        record Answered(int status, String body) implements Reply {}

        /** Nothing listens (connection refused). */
        record Refused() implements Reply {}

        /** No complete answer within the time allowed. */
        record TimedOut(Duration after) implements Reply {}

        /** Any other transport failure (reset, closed early, a body too big). */
        record Broken(String why) implements Reply {}
    }

    private final HttpClient http;
    private final InstantSource clock;
    private final String base;
    private final String apiKey;
    private final Duration requestTimeout;

    LlamaClient(HttpClient http, InstantSource clock, Settings settings) {
        this.http = http;
        this.clock = clock;
        this.base = settings.base().toString();
        this.apiKey = settings.apiKey();
        this.requestTimeout = settings.requestTimeout();
    }

    /** GET {@code pathAndQuery} (starting with {@code /}), by {@code deadline} at the latest. */
    Reply get(String pathAndQuery, Instant deadline) throws InterruptedException {
        return exchange(HttpRequest.BodyPublishers.noBody(), "GET", pathAndQuery, deadline);
    }

    /** POST {@code json} to {@code path}, by {@code deadline} at the latest. */
    Reply post(String path, String json, Instant deadline) throws InterruptedException {
        return exchange(HttpRequest.BodyPublishers.ofString(json), "POST", path, deadline);
    }

    /**
     * Opens {@code path} as a stream (Server-Sent Events) once its headers arrived, by {@code deadline};
     * closing it hangs up.
     *
     * @throws IOException when it cannot be opened or does not answer 200
     */
    java.io.InputStream stream(String path, Instant deadline) throws IOException, InterruptedException {
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.compareTo(MIN_TIMEOUT) < 0) throw new IOException("no time left to open " + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET().header("Accept", "text/event-stream")
                .header("User-Agent", "vigil-llama-server-probe");
        if (apiKey != null) request.header("Authorization", "Bearer " + apiKey);
        CompletableFuture<HttpResponse<java.io.InputStream>> exchange = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try {
            HttpResponse<java.io.InputStream> response = exchange.get(left.toNanos(), TimeUnit.NANOSECONDS);
            if (response.statusCode() != 200) {
                response.body().close();
                throw new IOException("GET " + path + ": HTTP " + response.statusCode());
            }
            return response.body();
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new IOException("GET " + path + ": no answer within " + left.toMillis() + "ms");
        } catch (ExecutionException e) {
            throw new IOException("GET " + path + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        }
    }

    private Reply exchange(HttpRequest.BodyPublisher body, String method, String pathAndQuery, Instant deadline) throws InterruptedException {
        if (Thread.interrupted()) throw new InterruptedException();
        Duration left = Duration.between(clock.instant(), deadline);
        // Finish a little before the deadline: vigil's fence turns a check still running at the deadline
        // into an inconclusive failure, and a server that does not answer at all must be a definitive one.
        Duration margin = left.dividedBy(10).compareTo(DEADLINE_MARGIN) < 0 ? left.dividedBy(10) : DEADLINE_MARGIN;
        left = left.minus(margin);
        if (left.compareTo(MIN_TIMEOUT) < 0) return new Reply.TimedOut(Duration.ZERO);
        Duration timeout = left.compareTo(requestTimeout) < 0 ? left : requestTimeout;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .method(method, body)
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("User-Agent", "vigil-llama-server-probe");
        if (method.equals("POST")) request.header("Content-Type", "application/json");
        if (apiKey != null) request.header("Authorization", "Bearer " + apiKey);
        CompletableFuture<HttpResponse<String>> exchange =
                http.sendAsync(request.build(), info -> new CappedBody());
        try {
            HttpResponse<String> response = exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return new Reply.Answered(response.statusCode(), response.body());
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return new Reply.TimedOut(timeout);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            return failure(e.getCause(), timeout);
        }
    }

    private static Reply failure(Throwable cause, Duration timeout) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof HttpTimeoutException) return new Reply.TimedOut(timeout);
            if (t instanceof ConnectException) return new Reply.Refused();
        }
        String message = cause.getMessage();
        return new Reply.Broken(message == null || message.isBlank() ? cause.getClass().getSimpleName() : message);
    }

    /** Collects a body as UTF-8 text, refusing more than {@link #BODY_LIMIT} bytes. */
    private static final class CappedBody implements HttpResponse.BodySubscriber<String> {

        private final CompletableFuture<String> result = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        @Override
        public CompletionStage<String> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) return;
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + buffer.remaining() > BODY_LIMIT) {
                    subscription.cancel();
                    result.completeExceptionally(new IOException("answer larger than " + BODY_LIMIT + " bytes"));
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable error) {
            result.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toString(StandardCharsets.UTF_8));
        }
    }
}
