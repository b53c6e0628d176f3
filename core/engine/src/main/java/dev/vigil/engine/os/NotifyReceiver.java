package dev.vigil.engine.os;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives sd_notify datagrams ({@code READY=1}, {@code STATUS=...}, {@code BARRIER=1}, ...) on one
 * AF_UNIX datagram socket per service, all read by one platform thread in {@code poll(2)}.
 *
 * <p>Thread-safe. {@link #open} and {@link Registration#close} may be called from any thread.
 * Callbacks run on the notify thread, one at a time, in arrival order per socket, and must only hand
 * off (post to a mailbox): a slow callback delays every service's notifications. A callback that
 * throws is logged and the loop goes on. fds passed with a datagram are closed before the callback
 * runs. A datagram over 8 KiB, an empty one and malformed lines are logged, at most one line a
 * second per socket; malformed lines still reach the callback in {@link NotifyMessage#malformed()}.
 * No socket gets more than 64 datagrams read per {@code poll} round, so a flooding service cannot
 * starve the others.
 */
public final class NotifyReceiver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NotifyReceiver.class);
    static final int DATAGRAMS_PER_ROUND = 64;
    private static final int POLLNVAL = 0x20;

    private final Object lock = new Object();
    private final Map<Integer, Registration> byFd = new ConcurrentHashMap<>();
    /** fds of closed registrations; only the notify thread closes them, so it never reads a reused fd number. */
    private final Queue<Integer> toClose = new ConcurrentLinkedQueue<>();
    private final LongSupplier nanoTime;
    private final int perRound;
    private final int wakeFd;
    private final Thread thread;
    private volatile boolean closed; // written under lock
    private boolean stopped; // under lock: the notify thread has closed everything

    public NotifyReceiver() {
        this(System::nanoTime, DATAGRAMS_PER_ROUND);
    }

    NotifyReceiver(LongSupplier nanoTime, int perRound) {
        this.nanoTime = nanoTime;
        this.perRound = perRound;
        wakeFd = Libc.eventfd();
        if (wakeFd < 0) throw new IllegalStateException("eventfd failed: " + Libc.strerror(Libc.lastErrno()));
        thread = Thread.ofPlatform().daemon().name("vigil-notify").start(this::loop);
    }

    /**
     * Binds a notify socket at {@code socketPath} (a stale file there is replaced) and delivers each
     * datagram that arrives on it to {@code onMessage}, on the notify thread.
     *
     * @throws IOException when the path is over 107 bytes, names a directory, another registration
     *     of this receiver holds it, or the socket cannot be created
     */
    public Registration open(Path socketPath, Consumer<NotifyMessage> onMessage) throws IOException {
        Objects.requireNonNull(onMessage, "onMessage");
        synchronized (lock) {
            if (closed) throw new IllegalStateException("the notify receiver is closed");
            for (Registration r : byFd.values()) {
                if (r.path.equals(socketPath)) throw new IOException("notify socket " + socketPath + " is already open");
            }
            int fd = NotifySocket.bind(socketPath);
            Registration r = new Registration(socketPath, fd, onMessage, new NotifyLogLimit(nanoTime, Duration.ofSeconds(1)));
            byFd.put(fd, r);
            Libc.eventfdSignal(wakeFd);
            return r;
        }
    }

    private void loop() {
        try (Arena arena = Arena.ofConfined()) {
            NotifyReader reader = new NotifyReader(arena);
            while (!closed) {
                for (Integer fd; (fd = toClose.poll()) != null; ) Libc.close(fd);
                round(reader, new ArrayList<>(byFd.values()));
            }
        } finally {
            shutdown();
        }
    }

    /** One {@code poll} over every socket and the wake-up eventfd, then at most {@code perRound} datagrams from each readable socket. */
    private void round(NotifyReader reader, List<Registration> regs) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(8L * (regs.size() + 1), 4);
            fds.set(ValueLayout.JAVA_INT, 0, wakeFd);
            fds.set(ValueLayout.JAVA_SHORT, 4, (short) Libc.POLLIN);
            for (int i = 0; i < regs.size(); i++) {
                fds.set(ValueLayout.JAVA_INT, 8L * (i + 1), regs.get(i).fd);
                fds.set(ValueLayout.JAVA_SHORT, 8L * (i + 1) + 4, (short) Libc.POLLIN);
            }
            if (Libc.poll(fds, regs.size() + 1, -1) < 0) {
                if (Libc.lastErrno() != Libc.EINTR) LOG.error("poll on notify sockets failed: {}", Libc.strerror(Libc.lastErrno()));
                return;
            }
            if (fds.get(ValueLayout.JAVA_SHORT, 6) != 0) Libc.eventfdDrain(wakeFd);
            for (int i = 0; i < regs.size(); i++) {
                short revents = fds.get(ValueLayout.JAVA_SHORT, 8L * (i + 1) + 6);
                if ((revents & POLLNVAL) != 0) {
                    LOG.error("notify socket {} has an invalid fd {}; it is dropped", regs.get(i).path, regs.get(i).fd);
                    byFd.remove(regs.get(i).fd);
                } else if (revents != 0) {
                    drain(reader, regs.get(i));
                }
            }
        } catch (RuntimeException e) {
            LOG.error("notify receiver error; it goes on", e);
        }
    }

    private void drain(NotifyReader reader, Registration reg) {
        for (int i = 0; i < perRound && !reg.closed; i++) {
            switch (reader.read(reg.fd)) {
                case NotifyReader.Empty e -> {
                    return;
                }
                case NotifyReader.Failed f -> {
                    reg.warn("recvmsg failed: " + Libc.strerror(f.errno()));
                    return;
                }
                case NotifyReader.Truncated t -> {
                    reg.dropped++;
                    reg.warn("a datagram over " + NotifyReader.DATA_BYTES + " bytes from pid " + t.senderPid() + " was dropped");
                }
                case NotifyReader.Datagram d -> deliver(reg, d);
            }
        }
    }

    private void deliver(Registration reg, NotifyReader.Datagram d) {
        if (d.controlTruncated()) {
            reg.warn("pid " + d.senderPid() + " passed more than " + NotifyReader.MAX_FDS + " fds; the rest were discarded");
        }
        if (d.data().length == 0) {
            reg.warn("an empty datagram from pid " + d.senderPid() + " was ignored");
            return;
        }
        NotifyMessage m = NotifyMessage.parse(d.data(), d.data().length, d.senderPid(), d.fds());
        if (!m.malformed().isEmpty()) {
            List<String> shown = m.malformed().subList(0, Math.min(3, m.malformed().size()));
            reg.warn(m.malformed().size() + " malformed line(s) from pid " + d.senderPid() + " ignored: " + shown);
        }
        if (reg.closed) return;
        reg.received++;
        try {
            reg.onMessage.accept(m);
        } catch (Throwable t) { // a bad callback must not kill every service's notifications
            int held = reg.limit.admit();
            if (held >= 0) LOG.error("notify callback for {} failed{}", reg.path, suppressed(held), t);
        }
    }

    private static String suppressed(int held) {
        return held > 0 ? " (" + held + " similar lines suppressed)" : "";
    }

    private void shutdown() {
        synchronized (lock) {
            stopped = true;
            for (Integer fd; (fd = toClose.poll()) != null; ) Libc.close(fd);
            for (Registration r : List.copyOf(byFd.values())) r.close();
            Libc.close(wakeFd);
        }
    }

    /** How many sockets are open now. */
    public int size() {
        return byFd.size();
    }

    /** Stops the notify thread, then closes and removes every socket. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) return;
            closed = true;
            Libc.eventfdSignal(wakeFd);
        }
        if (Thread.currentThread() == thread) return;
        try {
            thread.join(Duration.ofSeconds(5)); // one round: callbacks are cheap
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One open notify socket. {@link #close} stops delivery at once, removes the socket file, and
     * has the notify thread close the fd within its current round.
     */
    public final class Registration implements AutoCloseable {
        private final Path path;
        private final int fd;
        private final Consumer<NotifyMessage> onMessage;
        private final NotifyLogLimit limit;
        private volatile boolean closed;
        private volatile long received; // written by the notify thread only
        private volatile long dropped; // written by the notify thread only

        private Registration(Path path, int fd, Consumer<NotifyMessage> onMessage, NotifyLogLimit limit) {
            this.path = path;
            this.fd = fd;
            this.onMessage = onMessage;
            this.limit = limit;
        }

        /** The socket's path: the value of {@code NOTIFY_SOCKET} for the service. */
        public Path path() {
            return path;
        }

        /** Datagrams delivered to the callback so far. */
        long received() {
            return received;
        }

        /** Datagrams dropped for being over 8 KiB. */
        long dropped() {
            return dropped;
        }

        private void warn(String what) {
            int held = limit.admit();
            if (held >= 0) LOG.warn("notify socket {}: {}{}", path, what, suppressed(held));
        }

        @Override
        public void close() {
            synchronized (lock) {
                if (closed) return;
                closed = true;
                byFd.remove(fd);
                if (stopped) {
                    Libc.close(fd);
                } else {
                    toClose.add(fd);
                    Libc.eventfdSignal(wakeFd);
                }
                // Under the lock, so that a new open() of the same path cannot lose its fresh socket file.
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    LOG.warn("could not remove notify socket {}: {}", path, e.toString());
                }
            }
        }

        @Override
        public String toString() {
            return "NotifyReceiver.Registration[" + path + "]";
        }
    }
}
