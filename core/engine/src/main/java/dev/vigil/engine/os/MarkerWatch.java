package dev.vigil.engine.os;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the folders that hold readiness marker files, with the JDK WatchService (inotify on
 * Linux): one thread for all of them, woken by the kernel when a file is created or deleted.
 *
 * <p>Callbacks receive the file name that changed and run on the watch thread: they must only hand
 * off (post to a mailbox) and should read the file's existence themselves, since events may
 * coalesce.
 */
public final class MarkerWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MarkerWatch.class);
    private final WatchService watch;
    private final Map<WatchKey, Consumer<String>> listeners = new ConcurrentHashMap<>();
    private final Map<Path, WatchKey> keys = new ConcurrentHashMap<>();
    private final Thread thread;

    public MarkerWatch() throws IOException {
        watch = FileSystems.getDefault().newWatchService();
        thread = Thread.ofPlatform().daemon().name("vigil-markers").start(this::loop);
    }

    /** Watches {@code dir} (which must exist); replaces an earlier listener of the same folder. */
    public void watch(Path dir, Consumer<String> onChange) throws IOException {
        WatchKey key = dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                StandardWatchEventKinds.ENTRY_MODIFY);
        keys.put(dir, key);
        listeners.put(key, onChange);
    }

    /** Stops watching {@code dir}. */
    public void unwatch(Path dir) {
        WatchKey key = keys.remove(dir);
        if (key != null) {
            listeners.remove(key);
            key.cancel();
        }
    }

    private void loop() {
        while (true) {
            WatchKey key;
            try {
                key = watch.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            Consumer<String> l = listeners.get(key);
            for (WatchEvent<?> e : key.pollEvents()) {
                if (l == null) continue;
                String name = e.kind() == StandardWatchEventKinds.OVERFLOW ? null : e.context().toString();
                try {
                    l.accept(name);
                } catch (RuntimeException ex) {
                    LOG.error("marker listener failed", ex);
                }
            }
            key.reset();
        }
    }

    @Override
    public void close() throws IOException {
        watch.close();
        thread.interrupt();
    }
}
