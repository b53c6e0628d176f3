package dev.vigil.engine.os;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A test-side sd_notify client through FFM ({@code sendmsg} with optional SCM_RIGHTS fds), for the
 * datagrams {@code systemd-notify} will not send: garbage, oversized, floods, many fds.
 */
final class NotifySender implements AutoCloseable {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SENDMSG = LINKER.downcallHandle(
            LINKER.defaultLookup().find("sendmsg").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
            Linker.Option.captureCallState("errno"));
    private static final MethodHandle PIPE2 = LINKER.downcallHandle(
            LINKER.defaultLookup().find("pipe2").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final int O_CLOEXEC = 0x80000;
    private static final int POLLHUP = 0x10;

    private final int fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment errno = arena.allocate(CAPTURE);

    NotifySender() {
        fd = Libc.socket(Libc.AF_UNIX, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0) throw new IllegalStateException("socket: errno " + Libc.lastErrno());
    }

    /** Sends {@code text} as UTF-8, blocking while the receiver's queue is full. */
    void send(Path to, String text) throws IOException {
        send(to, text.getBytes(StandardCharsets.UTF_8));
    }

    void send(Path to, byte[] data, int... fds) throws IOException {
        long rc = sendmsg(to, data, 0, fds);
        if (rc < 0) throw new IOException("sendmsg to " + to + ": " + Libc.strerror((int) -rc));
    }

    /** Sends without blocking; false when the receiver's queue is full. */
    boolean trySend(Path to, String text) throws IOException {
        long rc = sendmsg(to, text.getBytes(StandardCharsets.UTF_8), Libc.MSG_DONTWAIT);
        if (rc == -Libc.EAGAIN) return false;
        if (rc < 0) throw new IOException("sendmsg to " + to + ": " + Libc.strerror((int) -rc));
        return true;
    }

    /** The bytes sent, or minus the errno. Synchronized: one errno buffer. */
    private synchronized long sendmsg(Path to, byte[] data, int flags, int... fds) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            byte[] path = NotifySocket.pathBytes(to);
            MemorySegment addr = NotifySocket.address(a, path);
            MemorySegment buf = a.allocate(Math.max(1, data.length));
            MemorySegment.copy(data, 0, buf, ValueLayout.JAVA_BYTE, 0, data.length);
            MemorySegment iov = a.allocate(NotifyReader.IOVEC);
            iov.set(ValueLayout.ADDRESS, 0, buf);
            iov.set(ValueLayout.JAVA_LONG, 8, data.length);
            MemorySegment msg = a.allocate(NotifyReader.MSGHDR);
            msg.set(ValueLayout.ADDRESS, 0, addr);
            msg.set(ValueLayout.JAVA_INT, 8, NotifySocket.addressLength(path));
            msg.set(ValueLayout.ADDRESS, 16, iov);
            msg.set(ValueLayout.JAVA_LONG, 24, 1L);
            if (fds.length > 0) {
                int space = NotifyReader.cmsgSpace(4 * fds.length);
                MemorySegment control = a.allocate(space, 8);
                control.set(ValueLayout.JAVA_LONG, 0, NotifyReader.CMSGHDR.byteSize() + 4L * fds.length);
                control.set(ValueLayout.JAVA_INT, 8, Libc.SOL_SOCKET);
                control.set(ValueLayout.JAVA_INT, 12, Libc.SCM_RIGHTS);
                for (int i = 0; i < fds.length; i++) control.set(ValueLayout.JAVA_INT, 16 + 4L * i, fds[i]);
                msg.set(ValueLayout.ADDRESS, 32, control);
                msg.set(ValueLayout.JAVA_LONG, 40, space);
            }
            long rc = (long) SENDMSG.invokeExact(errno, fd, msg, flags);
            return rc < 0 ? -(int) ERRNO.get(errno, 0L) : rc;
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** A pipe as {read end, write end}, close-on-exec. */
    static int[] pipe() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ends = a.allocate(ValueLayout.JAVA_INT, 2);
            if ((int) PIPE2.invokeExact(ends, O_CLOEXEC) < 0) throw new IllegalStateException("pipe2 failed");
            return new int[] {ends.getAtIndex(ValueLayout.JAVA_INT, 0), ends.getAtIndex(ValueLayout.JAVA_INT, 1)};
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Whether the pipe whose read end is {@code readFd} has lost its last writer within
     * {@code timeoutMillis}: POLLHUP, the same wait as {@code sd_notify_barrier}.
     */
    static boolean hungUp(int readFd, int timeoutMillis) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment pfd = a.allocate(8, 4);
            pfd.set(ValueLayout.JAVA_INT, 0, readFd);
            pfd.set(ValueLayout.JAVA_SHORT, 4, (short) Libc.POLLIN);
            int n = Libc.poll(pfd, 1, timeoutMillis);
            return n == 1 && (pfd.get(ValueLayout.JAVA_SHORT, 6) & POLLHUP) != 0;
        }
    }

    @Override
    public void close() {
        Libc.close(fd);
        arena.close();
    }
}
