package dev.vigil.engine.spi;

/**
 * A {@code [provider]} table that the provider cannot use. vigil reports it as a configuration error
 * at the key, e.g. {@code provider.url: not an http URL}.
 *
 * <pre>{@code
 * throw new ProbeConfigException("flavor", "expected one of auto, fastapi, onnx, got \"x\"");
 * }</pre>
 */
public final class ProbeConfigException extends Exception {

    private final String key;

    public ProbeConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The key at fault, or null for the table as a whole. */
    public String key() {
        return key;
    }
}
