package dev.vigil.engine.provider;

/**
 * Two providers claim one kind: {@code provider kind "llama-server" is defined twice: by built-in
 * (dev.vigil.plugins.LlamaProvider) and by /etc/vigil/plugins/llama/llama.jar
 * (com.example.Llama); remove one of them}.
 */
public final class ProviderConflictException extends ProviderLoadException {

    private final String kind;

    public ProviderConflictException(String kind, String message) {
        super(message);
        this.kind = kind;
    }

    /** The kind claimed twice. */
    public String kind() {
        return kind;
    }
}
