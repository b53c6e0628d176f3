package dev.vigil.engine.os;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Reads one datagram from a notify socket with {@code recvmsg(2)}, and closes every fd that came
 * with it before returning: {@code systemd-notify}'s {@code BARRIER=1} waits for exactly that.
 *
 * <p>Not thread-safe: one reader per thread, its buffers allocated once in the caller's arena.
 */
final class NotifyReader {

    /** Datagrams larger than this are truncated by the kernel and dropped here. */
    static final int DATA_BYTES = 8192;
    /** fds beyond this many in one datagram are discarded by the kernel (MSG_CTRUNC), never installed. */
    static final int MAX_FDS = 16;

    private static final ValueLayout.OfLong SIZE_T = ValueLayout.JAVA_LONG;
    static final StructLayout IOVEC =
            MemoryLayout.structLayout(ValueLayout.ADDRESS.withName("iov_base"), SIZE_T.withName("iov_len"));
    static final StructLayout MSGHDR = MemoryLayout.structLayout(
            ValueLayout.ADDRESS.withName("msg_name"),
            ValueLayout.JAVA_INT.withName("msg_namelen"),
            MemoryLayout.paddingLayout(4),
            ValueLayout.ADDRESS.withName("msg_iov"),
            SIZE_T.withName("msg_iovlen"),
            ValueLayout.ADDRESS.withName("msg_control"),
            SIZE_T.withName("msg_controllen"),
            ValueLayout.JAVA_INT.withName("msg_flags"),
            MemoryLayout.paddingLayout(4));
    /** {@code struct cmsghdr}; its data starts right after, aligned to 8. */
    static final StructLayout CMSGHDR = MemoryLayout.structLayout(
            SIZE_T.withName("cmsg_len"), ValueLayout.JAVA_INT.withName("cmsg_level"), ValueLayout.JAVA_INT.withName("cmsg_type"));
    /** {@code struct ucred}: pid, uid, gid. */
    private static final int UCRED_BYTES = 12;
    private static final int CONTROL_BYTES = cmsgSpace(UCRED_BYTES) + cmsgSpace(MAX_FDS * 4);

    private static final VarHandle CONTROLLEN = MSGHDR.varHandle(MemoryLayout.PathElement.groupElement("msg_controllen"));
    private static final VarHandle FLAGS = MSGHDR.varHandle(MemoryLayout.PathElement.groupElement("msg_flags"));

    /** What one {@link #read} found. */
    sealed interface Result {}

    /** A whole datagram; its fds are closed already. */
    record Datagram(byte[] data, long senderPid, int fds, boolean controlTruncated) implements Result {}

    /** A datagram over {@link #DATA_BYTES}; its fds are closed already. */
    record Truncated(long senderPid, int fds) implements Result {}

    /** Nothing (more) queued. */
    record Empty() implements Result {}

    /** {@code recvmsg} failed with this errno. */
    record Failed(int errno) implements Result {}

    private record Control(long senderPid, int fds) {}

    private static final Empty EMPTY = new Empty();

    private final MemorySegment msg;
    private final MemorySegment data;
    private final MemorySegment control;

    NotifyReader(Arena arena) {
        data = arena.allocate(DATA_BYTES);
        control = arena.allocate(CONTROL_BYTES, 8);
        MemorySegment iov = arena.allocate(IOVEC);
        iov.set(ValueLayout.ADDRESS, 0, data);
        iov.set(SIZE_T, 8, DATA_BYTES);
        msg = arena.allocate(MSGHDR);
        msg.set(ValueLayout.ADDRESS, MSGHDR.byteOffset(MemoryLayout.PathElement.groupElement("msg_iov")), iov);
        msg.set(SIZE_T, MSGHDR.byteOffset(MemoryLayout.PathElement.groupElement("msg_iovlen")), 1L);
        msg.set(ValueLayout.ADDRESS, MSGHDR.byteOffset(MemoryLayout.PathElement.groupElement("msg_control")), control);
    }

    static int cmsgSpace(int dataBytes) {
        return (int) CMSGHDR.byteSize() + align8(dataBytes);
    }

    private static int align8(long n) {
        return (int) ((n + 7) & ~7L);
    }

    /** Reads the next datagram from {@code fd} without blocking. */
    Result read(int fd) {
        while (true) {
            // The kernel rewrites both on every call.
            CONTROLLEN.set(msg, 0L, (long) CONTROL_BYTES);
            FLAGS.set(msg, 0L, 0);
            long n = Libc.recvmsg(fd, msg, Libc.MSG_DONTWAIT | Libc.MSG_CMSG_CLOEXEC);
            if (n < 0) {
                int errno = Libc.lastErrno();
                if (errno == Libc.EINTR) continue;
                return errno == Libc.EAGAIN ? EMPTY : new Failed(errno);
            }
            Control c = takeControl((long) CONTROLLEN.get(msg, 0L));
            int flags = (int) FLAGS.get(msg, 0L);
            if ((flags & Libc.MSG_TRUNC) != 0) return new Truncated(c.senderPid(), c.fds());
            return new Datagram(
                    data.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), c.senderPid(), c.fds(), (flags & Libc.MSG_CTRUNC) != 0);
        }
    }

    /** Walks the control messages: the sender's pid from SCM_CREDENTIALS, every SCM_RIGHTS fd closed. */
    private Control takeControl(long controlLen) {
        long pid = 0;
        int fds = 0;
        long headerBytes = CMSGHDR.byteSize();
        long at = 0;
        while (at + headerBytes <= controlLen) {
            long len = control.get(SIZE_T, at);
            if (len < headerBytes || at + len > controlLen) break;
            int level = control.get(ValueLayout.JAVA_INT, at + 8);
            int type = control.get(ValueLayout.JAVA_INT, at + 12);
            long body = at + headerBytes;
            if (level == Libc.SOL_SOCKET && type == Libc.SCM_CREDENTIALS && len - headerBytes >= UCRED_BYTES) {
                pid = control.get(ValueLayout.JAVA_INT, body);
            } else if (level == Libc.SOL_SOCKET && type == Libc.SCM_RIGHTS) {
                for (long p = body; p + 4 <= at + len; p += 4, fds++) Libc.close(control.get(ValueLayout.JAVA_INT, p));
            }
            at += align8(len);
        }
        return new Control(pid, fds);
    }
}
