package dev.vigil.engine.os;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Creates the AF_UNIX datagram socket a service's {@code NOTIFY_SOCKET} names: non-blocking,
 * close-on-exec, with {@code SO_PASSCRED} so that every datagram carries its sender's pid.
 */
final class NotifySocket {

    /** {@code sun_path} is 108 bytes and the kernel wants room for the terminating NUL. */
    static final int MAX_PATH_BYTES = 107;

    /** {@code struct sockaddr_un}. */
    static final StructLayout SOCKADDR_UN = MemoryLayout.structLayout(
            ValueLayout.JAVA_SHORT.withName("sun_family"),
            MemoryLayout.sequenceLayout(108, ValueLayout.JAVA_BYTE).withName("sun_path"));

    private static final Set<PosixFilePermission> OWNER_RW =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final long SUN_PATH = SOCKADDR_UN.byteOffset(MemoryLayout.PathElement.groupElement("sun_path"));

    private NotifySocket() {}

    /** The path as the kernel sees it, refused when it does not fit {@code sun_path}. */
    static byte[] pathBytes(Path path) throws IOException {
        byte[] bytes = path.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_PATH_BYTES) {
            throw new IOException("notify socket path " + path + " is " + bytes.length
                    + " bytes long; an AF_UNIX socket path holds at most " + MAX_PATH_BYTES + " bytes");
        }
        if (bytes.length == 0) throw new IOException("notify socket path is empty");
        return bytes;
    }

    /** A {@code struct sockaddr_un} for {@code path}, NUL-terminated. */
    static MemorySegment address(Arena arena, byte[] path) {
        MemorySegment addr = arena.allocate(SOCKADDR_UN);
        addr.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_UNIX);
        MemorySegment.copy(path, 0, addr, ValueLayout.JAVA_BYTE, SUN_PATH, path.length);
        return addr;
    }

    /** The length to pass with {@link #address}: family, path and its NUL. */
    static int addressLength(byte[] path) {
        return (int) SUN_PATH + path.length + 1;
    }

    /**
     * Binds a new socket at {@code path}, replacing a stale file there, and returns its fd.
     *
     * <p>The socket keeps the mode the umask gives it (a service may run as another user of the
     * same group) but is always readable and writable by its owner: connecting needs write access.
     */
    static int bind(Path path) throws IOException {
        byte[] bytes = pathBytes(path);
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("notify socket path " + path + " is a directory");
        }
        Files.deleteIfExists(path);
        int fd = Libc.socket(Libc.AF_UNIX, Libc.SOCK_DGRAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0) throw failure("socket(AF_UNIX, SOCK_DGRAM) for " + path);
        boolean bound = false;
        try {
            if (Libc.setsockoptInt(fd, Libc.SOL_SOCKET, Libc.SO_PASSCRED, 1) < 0) {
                throw failure("setsockopt(SO_PASSCRED) on " + path);
            }
            try (Arena arena = Arena.ofConfined()) {
                if (Libc.bind(fd, address(arena, bytes), addressLength(bytes)) < 0) throw failure("bind " + path);
            }
            bound = true;
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
            if (!mode.containsAll(OWNER_RW)) {
                Set<PosixFilePermission> wanted = EnumSet.copyOf(mode.isEmpty() ? OWNER_RW : mode);
                wanted.addAll(OWNER_RW);
                Files.setPosixFilePermissions(path, wanted);
            }
            return fd;
        } catch (IOException | RuntimeException e) {
            Libc.close(fd);
            if (bound) Files.deleteIfExists(path);
            throw e;
        }
    }

    private static IOException failure(String what) {
        int errno = Libc.lastErrno();
        return new IOException(what + " failed: " + Libc.strerror(errno) + " (errno " + errno + ")");
    }
}
