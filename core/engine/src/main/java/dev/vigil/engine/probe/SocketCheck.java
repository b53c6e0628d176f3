package dev.vigil.engine.probe;

import dev.vigil.engine.model.ProbeTarget;

import dev.vigil.engine.probe.CheckResult.Fail;
import dev.vigil.engine.probe.CheckResult.Pass;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;

/**
 * Connect checks for tcp and unix probes: a blocking {@link SocketChannel} connect on the check's virtual
 * thread, which an interrupt (the timeout) closes. Nothing is sent; the connection is closed at once.
 */
final class SocketCheck {

    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private SocketCheck() {}

    static CheckResult tcp(ProbeTarget.Tcp target) throws IOException {
        InetSocketAddress address = new InetSocketAddress(target.host(), target.port());
        if (address.isUnresolved()) return new Fail("unknown host " + target.host());
        return connect(address, family(address));
    }

    static CheckResult unix(ProbeTarget.Unix target) throws IOException {
        try {
            int mode = (Integer) Files.getAttribute(target.path(), "unix:mode");
            if ((mode & S_IFMT) != S_IFSOCK) return new Fail("not a socket: " + target.path());
        } catch (NoSuchFileException e) {
            return new Fail("no such file: " + target.path());
        } catch (AccessDeniedException e) {
            return new Fail("permission denied: " + target.path());
        }
        return connect(UnixDomainSocketAddress.of(target.path()), StandardProtocolFamily.UNIX);
    }

    private static StandardProtocolFamily family(InetSocketAddress address) {
        return address.getAddress() instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    private static CheckResult connect(SocketAddress address, StandardProtocolFamily family) throws IOException {
        try (SocketChannel channel = SocketChannel.open(family)) {
            channel.connect(address);
            return new Pass("connected");
        }
    }
}
