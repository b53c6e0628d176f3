package dev.vigil.engine.spi;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.InstantSource;
import java.util.List;

/**
 * What vigil lends a probe: time, an HTTP client, a logger and the service's declared endpoints.
 * Nothing of the engine.
 *
 * <pre>{@code
 * ctx.logger().log(System.Logger.Level.DEBUG, "probing {0}", ctx.endpoints());
 * }</pre>
 */
public interface ProbeContext {

    /** The service's name. */
    String service();

    /** vigil's clock (a fake one in tests). */
    InstantSource clock();

    /** A shared HTTP/1.1 client (no redirects, no proxy); give each request its own timeout. */
    HttpClient http();

    /** A logger whose lines name the service and the provider. */
    System.Logger logger();

    /** The service's declared sockets, e.g. {@code tcp://127.0.0.1:8080}. */
    List<URI> endpoints();
}
