package dev.vigil.engine.spi;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * A read-only, typed view of a service's {@code [provider]} table. A value of the wrong type is a
 * {@link ProbeConfigException} naming the key.
 *
 * <pre>{@code
 * URI url = config.uri("url").orElse(URI.create("http://127.0.0.1:8080"));
 * String flavor = config.string("flavor").orElse("auto");
 * Duration window = config.duration("idle_after").orElse(Duration.ofSeconds(3));
 * }</pre>
 */
public interface ProbeConfig {

    /** The provider kind the table names. */
    String kind();

    /** Every key present (besides {@code kind}). */
    Set<String> keys();

    Optional<String> string(String key) throws ProbeConfigException;

    Optional<Long> integer(String key) throws ProbeConfigException;

    Optional<Boolean> bool(String key) throws ProbeConfigException;

    /** A duration written like {@code "500ms"}, {@code "3s"}, {@code "5m"}. */
    Optional<Duration> duration(String key) throws ProbeConfigException;

    /** An absolute http(s) URI. */
    Optional<URI> uri(String key) throws ProbeConfigException;
}
