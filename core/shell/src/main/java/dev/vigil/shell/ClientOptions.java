package dev.vigil.shell;

import dev.vigil.api.client.ControlClient;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How a client command finds the daemon: {@code --socket}, then {@code $VIGIL_SOCKET}, then {@code ./.vigil/control.sock}. */
final class ClientOptions {

    @Option(names = "--socket", paramLabel = "PATH", description = "The control socket (default: $VIGIL_SOCKET, else ./.vigil/control.sock).")
    Path socket;

    Path socketPath() {
        if (socket != null) return socket;
        String env = System.getenv("VIGIL_SOCKET");
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of(".vigil", "control.sock");
    }

    ControlClient client() {
        return new ControlClient(socketPath());
    }
}
