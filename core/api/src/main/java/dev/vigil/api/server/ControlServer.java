package dev.vigil.api.server;

import dev.vigil.engine.supervise.Supervisor;
import dev.vigil.engine.task.Tasks;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The control API on a Unix domain socket, created 0600 so that only its owner gets in.
 *
 * <p>{@link #start} refuses a path the kernel cannot bind (over 107 bytes) and a socket another
 * live vigil answers on; a stale socket file with nobody behind it is replaced.
 */
public final class ControlServer implements AutoCloseable {

    /** sun_path holds 108 bytes, one of them the terminating NUL. */
    public static final int MAX_PATH_BYTES = 107;
    private final Server server;
    private final Path socket;
    private volatile boolean stopping;

    /** A server that is live while it runs, has no task routes and cannot be shut down through the API. */
    public ControlServer(Supervisor supervisor, Path socket, BooleanSupplier ready) {
        this(supervisor, null, socket, Host.of(ready), null);
    }

    /**
     * A server whose {@code /readyz}, {@code /livez} and {@code POST /v1/shutdown} ask {@code host};
     * {@code tasks} may be null (the task routes then answer 404), {@code js} too ({@code POST /v1/js}
     * then answers 501).
     */
    public ControlServer(Supervisor supervisor, Tasks tasks, Path socket, Host host, Evaluator js) {
        this.socket = socket;
        // Platform threads of its own: the units' virtual threads pin their carriers while they
        // spawn, and the API must answer while a thousand services start.
        QueuedThreadPool pool = new QueuedThreadPool(256, 4);
        pool.setName("vigil-api");
        this.server = new Server(pool);
        UnixDomainServerConnector connector = new UnixDomainServerConnector(server, new HttpConnectionFactory());
        connector.setUnixDomainPath(socket);
        server.addConnector(connector);
        server.setHandler(new Routes(supervisor, tasks, host, () -> stopping, js));
        server.setStopTimeout(2000);
    }

    /** Checks a control socket path before anything is started; the message is for people. */
    public static void checkPath(Path socket) throws IOException {
        int bytes = socket.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_PATH_BYTES) {
            throw new IOException("control socket path is too long (" + bytes + " bytes, the kernel allows " + MAX_PATH_BYTES + "): "
                    + socket.toAbsolutePath() + "; choose a shorter --runtime-dir");
        }
        if (Files.exists(socket)) {
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(socket));
                throw new IOException("another vigil is already running on " + socket);
            } catch (IOException refused) {
                if (refused.getMessage() != null && refused.getMessage().startsWith("another vigil")) throw refused;
                Files.delete(socket); // stale: nobody listens
            }
        }
    }

    public void start() throws Exception {
        checkPath(socket);
        Files.createDirectories(socket.getParent());
        server.start();
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
    }

    public Path socket() {
        return socket;
    }

    @Override
    public void close() throws Exception {
        stopping = true;
        server.stop();
    }
}
