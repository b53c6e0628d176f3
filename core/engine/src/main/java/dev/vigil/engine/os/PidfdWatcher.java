package dev.vigil.engine.os;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes the death of processes vigil did not spawn itself (daemonized descendants, later adopted
 * services): one pidfd per process, one thread in {@code poll(2)} over all of them. The kernel wakes
 * it the moment a process exits; nothing is polled on a timer.
 *
 * <p>Thread-safe. A gone process is reaped with {@code waitpid(pid, WNOHANG)} in case it was
 * reparented to vigil (the subreaper), then its future completes on the watcher thread: callbacks
 * must only hand off.
 *
 * <p>{@link Spawner} shares this thread through {@link #watch}: one thread for every death in vigil.
 */
public final class PidfdWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PidfdWatcher.class);
    private final Map<Integer, Watched> byFd = new ConcurrentHashMap<>();
    private final int wakeFd;
    private final Thread thread;
    private volatile boolean closed;

    private record Watched(int fd, IntConsumer onReadable) {}

    public PidfdWatcher() {
        wakeFd = Libc.eventfd();
        if (wakeFd < 0) throw new IllegalStateException("eventfd failed, errno " + Libc.lastErrno());
        thread = Thread.ofPlatform().daemon().name("vigil-pidfd").start(this::loop);
    }

    /** Completes when {@code pid} is gone (at once if it already is). */
    public CompletableFuture<Void> whenGone(long pid) {
        int fd = Libc.pidfdOpen(pid);
        if (fd < 0) {
            Libc.reap(pid);
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> gone = new CompletableFuture<>();
        watch(fd, readable -> {
            Libc.close(readable);
            Libc.reap(pid);
            gone.complete(null);
        });
        return gone;
    }

    /**
     * Watches a pidfd the caller opened. When it turns readable (the process is dead) the watcher
     * stops watching it and passes it to {@code onReadable} on the watcher thread; from then on
     * {@code onReadable} owns the fd and must close it (or {@code watch} it again).
     */
    void watch(int pidfd, IntConsumer onReadable) {
        byFd.put(pidfd, new Watched(pidfd, onReadable));
        Libc.eventfdSignal(wakeFd);
    }

    private void loop() {
        while (!closed) {
            List<Watched> watched = new ArrayList<>(byFd.values());
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment fds = arena.allocate(8L * (watched.size() + 1), 4);
                fds.set(ValueLayout.JAVA_INT, 0, wakeFd);
                fds.set(ValueLayout.JAVA_SHORT, 4, (short) Libc.POLLIN);
                for (int i = 0; i < watched.size(); i++) {
                    fds.set(ValueLayout.JAVA_INT, 8L * (i + 1), watched.get(i).fd());
                    fds.set(ValueLayout.JAVA_SHORT, 8L * (i + 1) + 4, (short) Libc.POLLIN);
                }
                int n = Libc.poll(fds, watched.size() + 1, -1);
                if (n < 0) {
                    if (Libc.lastErrno() != Libc.EINTR) LOG.error("poll on pidfds failed, errno {}", Libc.lastErrno());
                    continue;
                }
                if (fds.get(ValueLayout.JAVA_SHORT, 6) != 0) Libc.eventfdDrain(wakeFd);
                for (int i = 0; i < watched.size(); i++) {
                    if (fds.get(ValueLayout.JAVA_SHORT, 8L * (i + 1) + 6) != 0) gone(watched.get(i));
                }
            } catch (RuntimeException e) {
                LOG.error("pidfd watcher error; it goes on", e);
            }
        }
        // Nobody will poll these again; their futures stay incomplete, as documented on close().
        for (Watched w : byFd.values()) Libc.close(w.fd());
        byFd.clear();
    }

    private void gone(Watched w) {
        byFd.remove(w.fd()); // before the handler closes the fd, whose number may then be reused
        try {
            w.onReadable().accept(w.fd());
        } catch (RuntimeException e) {
            LOG.error("pidfd handler failed", e);
        }
    }

    /** How many processes are watched now. */
    public int size() {
        return byFd.size();
    }

    /** Stops the thread; what is still watched is closed and never completes. */
    @Override
    public void close() {
        closed = true;
        Libc.eventfdSignal(wakeFd);
    }
}
