package dev.vigil.engine.model;

import java.nio.file.Path;
import java.util.Objects;

/** A socket a service declares it will listen on: {@code tcp://host:port} or {@code unix:///path}. */
public sealed interface SocketSpec {

    /** The declaration as written, e.g. {@code tcp://127.0.0.1:8080}. */
    String uri();

    /** A TCP listener. */
    record Tcp(String host, int port) implements SocketSpec {
        public Tcp {
            Objects.requireNonNull(host, "host");
            if (port < 1 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        }

        @Override
        public String uri() {
            return "tcp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** A Unix domain stream socket. */
    record Unix(Path path) implements SocketSpec {
        public Unix {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String uri() {
            return "unix://" + path;
        }
    }
}
