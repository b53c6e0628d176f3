package dev.vigil.engine.provider;

/**
 * Providers that vigil refuses to start with: a plugins folder it cannot read or trust, or two
 * providers of one kind. The message is for people and says what to do.
 */
public class ProviderLoadException extends Exception {

    public ProviderLoadException(String message) {
        super(message);
    }
}
