package dev.vigil.engine.probe;

import dev.vigil.engine.model.ProbeTarget;

import static org.junit.jupiter.api.Assertions.*;

import dev.vigil.engine.probe.CheckResult.Fail;
import dev.vigil.engine.probe.CheckResult.Pass;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tcp and unix probes against real listeners. */
class SocketCheckTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private final Checker checker = new Checker();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        checker.close();
        for (AutoCloseable c : open) c.close();
    }

    private CheckResult check(ProbeTarget target, Duration timeout) throws Exception {
        return checker.check(target, timeout).get(10, TimeUnit.SECONDS);
    }

    private int listenTcp(int backlog) throws Exception {
        ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0), backlog);
        open.add(server);
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    @Test
    void tcp_listener_passes() throws Exception {
        assertEquals(new Pass("connected"), check(new ProbeTarget.Tcp("127.0.0.1", listenTcp(50)), TIMEOUT));
    }

    @Test
    void tcp_nobodyListening_isConnectionRefused() throws Exception {
        int port;
        try (ServerSocketChannel s = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            port = ((InetSocketAddress) s.getLocalAddress()).getPort();
        }
        assertEquals(new Fail("connection refused"), check(new ProbeTarget.Tcp("127.0.0.1", port), TIMEOUT));
    }

    @Test
    void tcp_synIntoABlackHole_timesOut() throws Exception {
        // A listener that never accepts, with a backlog of 1: once its queue is full, Linux drops further
        // SYNs, so a connect hangs like one into a black hole.
        int port = listenTcp(1);
        ProbeTarget target = new ProbeTarget.Tcp("127.0.0.1", port);
        CheckResult r = null;
        for (int i = 0; i < 8 && !(r instanceof Fail); i++) r = check(target, Duration.ofMillis(300));
        assertEquals(new Fail("timed out after 300ms"), r);
    }

    @Test
    void unix_listener_passes() throws Exception {
        Path sock = dir.resolve("ok.sock");
        open.add(ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(sock)));
        assertEquals(new Pass("connected"), check(new ProbeTarget.Unix(sock), TIMEOUT));
    }

    @Test
    void unix_staleSocketFileWithNoListener_isConnectionRefused() throws Exception {
        Path sock = dir.resolve("stale.sock");
        ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(sock)).close();
        assertTrue(Files.exists(sock), "closing a unix listener leaves its file behind");
        assertEquals(new Fail("connection refused"), check(new ProbeTarget.Unix(sock), TIMEOUT));
    }

    @Test
    void unix_missingFile_isNoSuchFile() throws Exception {
        Path sock = dir.resolve("x.sock");
        assertEquals(new Fail("no such file: " + sock), check(new ProbeTarget.Unix(sock), TIMEOUT));
    }

    @Test
    void unix_regularFileOrDirectory_isNotASocket() throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        assertEquals(new Fail("not a socket: " + file), check(new ProbeTarget.Unix(file), TIMEOUT));
        assertEquals(new Fail("not a socket: " + dir), check(new ProbeTarget.Unix(dir), TIMEOUT));
    }

    @Test
    void tcp_connectionIsClosedAfterTheCheck() throws Exception {
        ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        open.add(server);
        int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
        assertTrue(check(new ProbeTarget.Tcp("127.0.0.1", port), TIMEOUT).passed());
        try (SocketChannel accepted = server.accept()) {
            assertEquals(-1, accepted.read(java.nio.ByteBuffer.allocate(1)), "the probe sends nothing and hangs up");
        }
    }
}
