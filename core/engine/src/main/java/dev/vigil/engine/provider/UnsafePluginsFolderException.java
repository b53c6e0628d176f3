package dev.vigil.engine.provider;

import java.nio.file.Path;

/**
 * A plugins folder, plugin folder or plugin jar that users other than its owner may write to: anyone
 * who can write there can run code inside vigil. {@code plugins folder /opt/plugins is writable by
 * other users (mode 0777); chmod go-w it}.
 */
public final class UnsafePluginsFolderException extends ProviderLoadException {

    private final Path path;

    public UnsafePluginsFolderException(Path path, String message) {
        super(message);
        this.path = path;
    }

    /** The folder or jar refused. */
    public Path path() {
        return path;
    }
}
