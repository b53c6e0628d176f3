package dev.vigil.engine.os;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The few libc calls the JDK has no API for, through FFM. Each returns the call's result; a failing
 * call returns -1 and {@link #lastErrno()} tells why (captured per thread right after the call).
 */
public final class Libc {

    public static final int PR_SET_CHILD_SUBREAPER = 36;
    public static final int POLLIN = 0x001;
    public static final int WNOHANG = 1;
    public static final int EFD_CLOEXEC = 0x80000;
    public static final int EFD_NONBLOCK = 0x800;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    private static final long SYS_PIDFD_OPEN = 434; // x86_64 and aarch64 agree on this number
    private static final int PRIO_PROCESS = 0;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(StructLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CCS = Linker.Option.captureCallState("errno");
    private static final ThreadLocal<Integer> LAST_ERRNO = ThreadLocal.withInitial(() -> 0);
    private static final ThreadLocal<MemorySegment> STATE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE));

    private static final MethodHandle KILL = handle("kill", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle PRCTL = LINKER.downcallHandle(LIBC.find("prctl").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG),
            CCS, Linker.Option.firstVariadicArg(1));
    private static final MethodHandle SYSCALL2 = LINKER.downcallHandle(LIBC.find("syscall").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
            CCS, Linker.Option.firstVariadicArg(1));
    private static final MethodHandle POLL = handle("poll",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle WAITPID = handle("waitpid",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle CLOSE = handle("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle EVENTFD = handle("eventfd",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle WRITE = handle("write",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle READ = handle("read",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));

    private static final MethodHandle GETTID = handle("gettid", FunctionDescriptor.of(ValueLayout.JAVA_INT));
    private static final MethodHandle SETPRIORITY = handle("setpriority",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private Libc() {}

    private static MethodHandle handle(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError(name)), fd, CCS);
    }

    /** The errno of the last failing call on this thread. */
    public static int lastErrno() {
        return LAST_ERRNO.get();
    }

    private static MemorySegment state() {
        return STATE.get();
    }

    private static int errnoResult(long rc) {
        if (rc == -1) LAST_ERRNO.set((int) ERRNO.get(state(), 0L));
        return (int) rc;
    }

    public static int kill(long pid, int signal) {
        try {
            return errnoResult((int) KILL.invokeExact(state(), (int) pid, signal));
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * {@code setpriority(PRIO_PROCESS, gettid(), nice)}: on Linux a thread has a nice value of its own,
     * so this lowers the calling thread only (e.g. 10: the scheduler favours every normal thread).
     */
    public static int niceCurrentThread(int nice) {
        try {
            int tid = errnoResult((int) GETTID.invokeExact(state()));
            if (tid == -1) return -1;
            return errnoResult((int) SETPRIORITY.invokeExact(state(), PRIO_PROCESS, tid, nice));
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** {@code prctl(PR_SET_CHILD_SUBREAPER, 1)}: orphaned descendants become our children. */
    public static int setChildSubreaper() {
        try {
            return errnoResult((int) PRCTL.invokeExact(state(), PR_SET_CHILD_SUBREAPER, 1L, 0L, 0L, 0L));
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** A pidfd for {@code pid}, or -1 (errno ESRCH when it is already gone). */
    public static int pidfdOpen(long pid) {
        try {
            return errnoResult((long) SYSCALL2.invokeExact(state(), SYS_PIDFD_OPEN, (int) pid, 0));
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** {@code poll(fds, n, timeoutMillis)} over an array of {@code struct pollfd} (8 bytes each). */
    public static int poll(MemorySegment fds, long n, int timeoutMillis) {
        try {
            return errnoResult((int) POLL.invokeExact(state(), fds, n, timeoutMillis));
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** {@code waitpid(pid, NULL, WNOHANG)}: reaps {@code pid} if it is our dead child. */
    public static int reap(long pid) {
        try {
            return errnoResult((int) WAITPID.invokeExact(state(), (int) pid, MemorySegment.NULL, WNOHANG));
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public static int close(int fd) {
        try {
            return errnoResult((int) CLOSE.invokeExact(state(), fd));
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public static int eventfd() {
        try {
            return errnoResult((int) EVENTFD.invokeExact(state(), 0, EFD_CLOEXEC | EFD_NONBLOCK));
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Writes 8 bytes of {@code value} to an eventfd. */
    public static void eventfdSignal(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(ValueLayout.JAVA_LONG);
            buf.set(ValueLayout.JAVA_LONG, 0, 1L);
            errnoResult((long) WRITE.invokeExact(state(), fd, buf, 8L));
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Drains an eventfd. */
    public static void eventfdDrain(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(ValueLayout.JAVA_LONG);
            errnoResult((long) READ.invokeExact(state(), fd, buf, 8L));
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    // Sockets, for the sd_notify receiver (NotifyReceiver). Values are Linux x86_64/aarch64.

    public static final int AF_UNIX = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_NONBLOCK = 0x800;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_PASSCRED = 16;
    public static final int SCM_RIGHTS = 1;
    public static final int SCM_CREDENTIALS = 2;
    public static final int MSG_CTRUNC = 0x8;
    public static final int MSG_TRUNC = 0x20;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_CMSG_CLOEXEC = 0x40000000;
    public static final int EAGAIN = 11;

    private static final MethodHandle SOCKET = handle("socket",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle BIND = handle("bind",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle SETSOCKOPT = handle("setsockopt", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle RECVMSG = handle("recvmsg",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    // strerror sets no errno worth keeping, so no captured state; glibc returns a static string for known numbers.
    private static final MethodHandle STRERROR = LINKER.downcallHandle(LIBC.find("strerror").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

    /** {@code socket(domain, type, protocol)}: a new fd, or -1. */
    public static int socket(int domain, int type, int protocol) {
        try {
            return errnoResult((int) SOCKET.invokeExact(state(), domain, type, protocol));
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** {@code bind(fd, addr, addrLen)}. */
    public static int bind(int fd, MemorySegment addr, int addrLen) {
        try {
            return errnoResult((int) BIND.invokeExact(state(), fd, addr, addrLen));
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** {@code setsockopt(fd, level, name, &value, sizeof(int))} for an int option. */
    public static int setsockoptInt(int fd, int level, int name, int value) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(ValueLayout.JAVA_INT);
            v.set(ValueLayout.JAVA_INT, 0, value);
            return errnoResult((int) SETSOCKOPT.invokeExact(state(), fd, level, name, v, 4));
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** {@code recvmsg(fd, msg, flags)}: the bytes received, or -1. */
    public static long recvmsg(int fd, MemorySegment msg, int flags) {
        try {
            long rc = (long) RECVMSG.invokeExact(state(), fd, msg, flags);
            errnoResult(rc);
            return rc;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The C library's text for an errno, e.g. "No such file or directory". */
    public static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.equals(MemorySegment.NULL) ? "errno " + errno : s.reinterpret(1024).getString(0);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    // Reaping by pidfd, for the Spawner. Values are Linux x86_64/aarch64.

    public static final int P_PID = 1;
    public static final int P_PIDFD = 3; // Linux 5.4
    public static final int WEXITED = 4;
    public static final int CLD_EXITED = 1;
    public static final int CLD_KILLED = 2;
    public static final int CLD_DUMPED = 3;
    public static final int ECHILD = 10;
    /** {@code sizeof(siginfo_t)}. For SIGCHLD: si_code at 8, si_pid at 16, si_status at 24 (ints). */
    public static final long SIGINFO_SIZE = 128;

    private static final MethodHandle WAITID = handle("waitid", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

    /** {@code waitid(idtype, id, info, options)}: 0, or -1; {@code info} is a zeroed {@link #SIGINFO_SIZE}-byte siginfo_t. */
    public static int waitid(int idtype, int id, MemorySegment info, int options) {
        try {
            return errnoResult((int) WAITID.invokeExact(state(), idtype, id, info, options));
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
