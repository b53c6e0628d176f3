package dev.vigil.emulators;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The listening socket (a JDK HttpServer), one request ({@link Call}) and a route table. */
final class Http {
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private volatile HttpServer server;
    private volatile ServerSocket silent;
    private volatile int port = -1;

    /** Binds and starts serving; throws if the address is taken. */
    synchronized void bind(String host, int wantedPort, HttpHandler handler) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), wantedPort), 128);
        s.createContext("/", handler);
        s.setExecutor(workers);
        s.start();
        server = s;
        port = s.getAddress().getPort();
    }

    int port() { return port; }

    boolean bound() { return server != null || silent != null; }

    /**
     * Hang mode {@code no-accept}: stop the HTTP server and listen on the same port without ever
     * calling accept(). The kernel completes handshakes into the backlog (kept at 1, so later
     * connects time out) and nobody reads them.
     */
    synchronized void stopAccepting() throws IOException {
        HttpServer s = server;
        if (s == null) return;
        InetSocketAddress addr = s.getAddress();
        s.stop(0);
        server = null;
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(addr, 1);
        silent = ss;
    }

    synchronized void stop() {
        if (server != null) server.stop(0);
        server = null;
        if (silent != null) {
            try {
                silent.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        silent = null;
        workers.shutdownNow();
    }

    /** One request and its response. */
    static final class Call {
        final HttpExchange ex;
        final String method;
        final String path;
        final Map<String, String> query = new LinkedHashMap<>();
        private byte[] body;
        int status = -1;

        Call(HttpExchange ex) {
            this.ex = ex;
            this.method = ex.getRequestMethod();
            this.path = ex.getRequestURI().getPath();
            String q = ex.getRequestURI().getRawQuery();
            if (q != null) {
                for (String kv : q.split("&")) {
                    if (kv.isEmpty()) continue;
                    int eq = kv.indexOf('=');
                    String k = eq < 0 ? kv : kv.substring(0, eq);
                    String v = eq < 0 ? "" : kv.substring(eq + 1);
                    query.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
                }
            }
        }

        String header(String name) { return ex.getRequestHeaders().getFirst(name); }

        String query(String name) { return query.get(name); }

        boolean queryFlag(String name) {
            String v = query.get(name);
            return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
        }

        byte[] body() throws IOException {
            if (body == null) body = ex.getRequestBody().readAllBytes();
            return body;
        }

        String bodyText() throws IOException { return new String(body(), StandardCharsets.UTF_8); }

        /** The body as a JSON object; throws {@link Json.ParseException} otherwise. */
        @SuppressWarnings("unchecked")
        Map<String, Object> jsonBody() throws IOException {
            Object v = Json.parse(bodyText());
            if (!(v instanceof Map)) throw new Json.ParseException("the request body is not a JSON object");
            return (Map<String, Object>) v;
        }

        void send(int code, String type, byte[] bytes, String... headers) throws IOException {
            status = code;
            for (int i = 0; i + 1 < headers.length; i += 2) ex.getResponseHeaders().add(headers[i], headers[i + 1]);
            if (type != null) ex.getResponseHeaders().set("Content-Type", type);
            boolean empty = bytes.length == 0 || code == 204 || method.equals("HEAD");
            ex.sendResponseHeaders(code, empty ? -1 : bytes.length);
            if (!empty) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(bytes);
                }
            }
        }

        void text(int code, String type, String text, String... headers) throws IOException {
            send(code, type, text.getBytes(StandardCharsets.UTF_8), headers);
        }

        /** Starts a chunked response; the caller writes and flushes chunks, then closes. */
        OutputStream stream(int code, String type, String... headers) throws IOException {
            status = code;
            for (int i = 0; i + 1 < headers.length; i += 2) ex.getResponseHeaders().add(headers[i], headers[i + 1]);
            ex.getResponseHeaders().set("Content-Type", type);
            ex.sendResponseHeaders(code, 0);
            return ex.getResponseBody();
        }

        boolean answered() { return status >= 0; }
    }

    /** A method + path table; a path ending in {@code /*} matches the prefix. */
    static final class Routes {
        interface Handler {
            void handle(Call c) throws Exception;
        }

        private record Route(String method, String path, boolean prefix, Handler handler) {}

        private final List<Route> routes = new ArrayList<>();

        Routes on(String method, String path, Handler h) {
            boolean prefix = path.endsWith("/*");
            routes.add(new Route(method, prefix ? path.substring(0, path.length() - 1) : path, prefix, h));
            return this;
        }

        /** Runs the matching handler; false when no route has this path (404); 405 goes to wrongMethod. */
        boolean dispatch(Call c, Handler wrongMethod) throws Exception {
            boolean pathKnown = false;
            for (Route r : routes) {
                boolean match = r.prefix ? c.path.startsWith(r.path) && c.path.length() > r.path.length()
                        : c.path.equals(r.path);
                if (!match) continue;
                pathKnown = true;
                if (r.method.equals(c.method) || (r.method.equals("GET") && c.method.equals("HEAD"))) {
                    r.handler.handle(c);
                    return true;
                }
            }
            if (pathKnown) {
                wrongMethod.handle(c);
                return true;
            }
            return false;
        }
    }
}
