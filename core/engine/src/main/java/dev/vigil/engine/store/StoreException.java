package dev.vigil.engine.store;

/** The store cannot be used; the message says why, for people, and names the file. */
public final class StoreException extends RuntimeException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
