package dev.vigil.dsl.js;

import dev.vigil.engine.model.DurationText;
import dev.vigil.engine.model.SocketSpec;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;

/**
 * {@code ctx.http} of a readiness rule: GET and POST to the service's own declared TCP sockets only,
 * synchronous for the script, each bounded by the call's deadline.
 *
 * <p>An answer is {@code {status, body}}; a connection refused, reset or timed out is {@code
 * {status: 0, error}}; a URL outside the declared sockets throws, with a message naming them.
 */
final class DeclaredHttp {

    /** A body longer than this is cut: rules read health documents, not downloads. */
    static final int MAX_BODY = 1 << 20;
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1", "[::1]");
    private static final Set<String> WILDCARD = Set.of("0.0.0.0", "::", "[::]");
    private final String service;
    private final List<SocketSpec.Tcp> sockets;
    private final HttpClient client;

    DeclaredHttp(String service, List<SocketSpec> declared, HttpClient client) {
        this.service = service;
        this.sockets = declared.stream().filter(s -> s instanceof SocketSpec.Tcp).map(s -> (SocketSpec.Tcp) s).toList();
        this.client = client;
    }

    /** The {@code get}/{@code post} host object glue.js wraps, bound to one call's deadline. */
    ProxyObject host(JsRuntime.Deadline deadline) {
        Map<String, Object> members = new HashMap<>();
        members.put("get", (ProxyExecutable) a -> send("GET", a[0].asString(), null, null, a.length > 1 ? a[1] : null, deadline));
        members.put("post", (ProxyExecutable) a -> send("POST", a[0].asString(), a[1].asString(), a[2].asString(), a.length > 3 ? a[3] : null, deadline));
        return ProxyObject.fromMap(members);
    }

    private ProxyObject send(String method, String url, String body, String type, Value timeoutOption, JsRuntime.Deadline deadline) {
        String verb = "ctx.http." + method.toLowerCase(java.util.Locale.ROOT);
        URI uri = allowed(verb, url);
        Duration limit = deadline.remaining();
        Duration asked = timeout(verb, timeoutOption);
        if (asked != null && asked.compareTo(limit) < 0) limit = asked;
        if (limit.isZero()) return failure("timed out: the hook's time is up");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(limit);
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        CompletableFuture<HttpResponse<byte[]>> f = client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        try {
            HttpResponse<byte[]> r = f.get(limit.toNanos(), TimeUnit.NANOSECONDS);
            byte[] bytes = r.body();
            int n = Math.min(bytes.length, MAX_BODY);
            Map<String, Object> out = new HashMap<>();
            out.put("status", r.statusCode());
            out.put("body", new String(bytes, 0, n, StandardCharsets.UTF_8));
            return ProxyObject.fromMap(out);
        } catch (TimeoutException e) {
            f.cancel(true);
            return failure("timed out after " + limit.toMillis() + "ms");
        } catch (ExecutionException e) {
            return failure(reason(e.getCause()));
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            return failure("interrupted");
        }
    }

    /** {@code url} parsed, if it names one of the service's declared sockets. */
    private URI allowed(String verb, String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(verb + ": bad URL \"" + url + "\"");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(verb + ": only http://HOST:PORT/... URLs, got \"" + url + "\"");
        }
        int port = uri.getPort() == -1 ? 80 : uri.getPort();
        String host = uri.getHost();
        for (SocketSpec.Tcp s : sockets) {
            if (s.port() == port && sameHost(s.host(), host)) return uri;
        }
        String declared = sockets.isEmpty() ? "none" : sockets.stream().map(SocketSpec::uri).collect(Collectors.joining(", "));
        throw new IllegalArgumentException(verb + ": " + host + ":" + port + " is not a declared socket of " + service
                + " (declared: " + declared + ")");
    }

    private static boolean sameHost(String declared, String asked) {
        String d = declared.toLowerCase(java.util.Locale.ROOT);
        String a = asked.toLowerCase(java.util.Locale.ROOT);
        if (d.equals(a) || ("[" + d + "]").equals(a)) return true;
        return (LOOPBACK.contains(d) || WILDCARD.contains(d)) && LOOPBACK.contains(a);
    }

    private static Duration timeout(String verb, Value option) {
        if (option == null || option.isNull()) return null;
        if (option.isNumber() && option.fitsInLong() && option.asLong() > 0) return Duration.ofMillis(option.asLong());
        if (option.isString()) {
            try {
                return DurationText.parse(option.asString());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(verb + ": timeout: " + e.getMessage());
            }
        }
        throw new IllegalArgumentException(verb + ": timeout must be milliseconds or a duration like \"2s\", got " + option);
    }

    private static String reason(Throwable t) {
        if (t instanceof ConnectException) return "connection refused";
        if (t instanceof java.net.http.HttpTimeoutException) return "timed out";
        if (t instanceof IOException) return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return String.valueOf(t);
    }

    private static ProxyObject failure(String error) {
        Map<String, Object> out = new HashMap<>();
        out.put("status", 0);
        out.put("body", "");
        out.put("error", error);
        return ProxyObject.fromMap(out);
    }
}
