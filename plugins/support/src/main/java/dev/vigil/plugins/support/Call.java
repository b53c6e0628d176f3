package dev.vigil.plugins.support;

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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One {@code GET} through vigil's shared client, bounded in time as a whole (connect, headers and
 * body) and in size, with the API key (if any) as {@code Authorization: Bearer}.
 *
 * <p>Blocks the calling thread for at most {@code timeout}; an interrupt cancels the exchange and is
 * rethrown. Never throws anything else: every outcome is a {@link Reply}. The key never appears in
 * a reply.
 */
public final class Call {

    /** Answers are a few hundred bytes; a voice or model list a few KiB. Anything far larger is not a TTS/STT server. */
    public static final int MAX_BODY = 256 * 1024;

    /** What came of one GET. */
    public sealed interface Reply {
        /** The server answered; {@code body} is decoded as UTF-8. */
        record Answer(int status, String body) implements Reply {}

        /** Nothing listens on the port. */
        record Refused() implements Reply {}

        /** No full answer within the timeout. */
        record TimedOut(Duration after) implements Reply {}

        /** The exchange broke (reset, closed early, oversized, unresolvable host). */
        record Broken(String why) implements Reply {}
    }

    private Call() {}

    /** @param apiKey sent as a bearer token when not null (speaches checks it; hal0's server ignores it; Kokoro has none) */
    public static Reply get(HttpClient http, URI uri, Duration timeout, String apiKey) throws InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/json, text/plain;q=0.5")
                .GET();
        if (apiKey != null) builder.header("Authorization", "Bearer " + apiKey);
        HttpRequest request = builder.build();
        CompletableFuture<HttpResponse<String>> pending = http.sendAsync(request, info -> new CappedBody());
        try {
            // The request timeout stops at the headers; this bound covers the body as well.
            HttpResponse<String> rsp = pending.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return new Reply.Answer(rsp.statusCode(), rsp.body());
        } catch (InterruptedException e) {
            pending.cancel(true);
            throw e;
        } catch (TimeoutException e) {
            pending.cancel(true);
            return new Reply.TimedOut(timeout);
        } catch (ExecutionException e) {
            return classify(e.getCause(), timeout);
        }
    }

    private static Reply classify(Throwable cause, Duration timeout) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof HttpTimeoutException) return new Reply.TimedOut(timeout);
            if (t instanceof ConnectException) return new Reply.Refused();
        }
        String why = cause == null ? "unknown error" : cause.getClass().getSimpleName();
        if (cause != null && cause.getMessage() != null) why += ": " + cause.getMessage();
        return new Reply.Broken(why);
    }

    /** Collects the body up to {@link #MAX_BODY} bytes, then gives up on it. */
    private static final class CappedBody implements HttpResponse.BodySubscriber<String> {
        private final CompletableFuture<String> result = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        @Override
        public CompletionStage<String> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer b : items) {
                if (bytes.size() + b.remaining() > MAX_BODY) {
                    subscription.cancel();
                    result.completeExceptionally(new IOException("answer larger than " + MAX_BODY / 1024 + " KiB"));
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                bytes.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toString(StandardCharsets.UTF_8));
        }
    }
}
