package dev.vigil.dsl.js;

import dev.vigil.engine.event.Event;
import dev.vigil.engine.event.EventBus;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Event hooks: every {@code hooks/*.js} of the config folder that defines {@code function on(event)}
 * gets the engine's events, as the API's event objects ({@code seq, time, service, child, from, to,
 * cause, pid, exit}), in order, one call at a time per hook, each in a fresh sandboxed context.
 *
 * <p>The bus's thread only hands an event to a queue ({@link #accept} never blocks); a dispatcher
 * thread looks at the folder (when its modification time moved: new and removed files) and offers the
 * event to each hook's own bounded queue, drained on the sandbox's pool; so a slow or hostile hook
 * delays neither the engine nor another hook. An edited hook is read again at its next event.
 */
public final class EventHooks implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventHooks.class);
    static final int INTAKE = 10_000;
    private final JsRuntime runtime;
    private final Path configDir;
    private final Path folder;
    private final Set<Path> rules;
    private final HookApi api;
    private final Function<Event, String> json;
    private final ThreadPoolExecutor dispatcher;
    private final Map<Path, EventHook> hooks = new TreeMap<>(); // dispatcher thread only
    private final AtomicLong dropped = new AtomicLong();
    private java.nio.file.attribute.FileTime folderModified;

    /**
     * What event hooks are given.
     *
     * @param configDir hooks are {@code configDir/hooks/*.js}
     * @param rules readiness scripts: files of that folder that are rules, not event hooks
     * @param control what {@code vigil.start/stop/restart} ask of
     * @param tasks what {@code vigil.submit} asks of, or null while vigil has no tasks
     * @param json an event as the API writes it
     */
    public record Setup(Path configDir, Set<Path> rules, Control control, Tasks tasks, Function<Event, String> json) {
        public Setup {
            Objects.requireNonNull(configDir, "configDir");
            rules = Set.copyOf(rules);
            Objects.requireNonNull(control, "control");
            Objects.requireNonNull(json, "json");
        }
    }

    /** The hooks {@code setup} names, run on {@code runtime}. */
    public EventHooks(JsRuntime runtime, Setup setup) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.configDir = setup.configDir().toAbsolutePath().normalize();
        this.folder = this.configDir.resolve("hooks");
        this.rules = Set.copyOf(setup.rules().stream().map(p -> p.toAbsolutePath().normalize()).toList());
        this.api = new HookApi(setup.control(), setup.tasks());
        this.json = setup.json();
        this.dispatcher = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(INTAKE), r -> {
            Thread t = new Thread(r, "vigil-js-events");
            t.setDaemon(true);
            return t;
        }, (r, pool) -> {
            if (dropped.getAndIncrement() == 0) LOG.warn("event hooks fall behind: events dropped");
        });
    }

    /** Subscribes to {@code bus}. */
    public void listen(EventBus bus) {
        bus.listen(this::accept);
    }

    /** Hands {@code e} over to the hooks; never blocks (a full intake drops it, with one warning). */
    public void accept(Event e) {
        dispatcher.execute(() -> route(e));
    }

    /** How many events the intake dropped since start. */
    public long dropped() {
        return dropped.get();
    }

    private void route(Event e) {
        refresh();
        if (hooks.isEmpty()) return;
        String text = json.apply(e);
        for (EventHook h : hooks.values()) h.offer(e, text);
    }

    private void refresh() {
        java.nio.file.attribute.FileTime modified;
        try {
            modified = Files.getLastModifiedTime(folder);
        } catch (IOException e) {
            hooks.clear();
            folderModified = null;
            return;
        }
        if (modified.equals(folderModified)) return;
        folderModified = modified;
        Set<Path> now = new HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.js")) {
            for (Path f : files) {
                Path p = f.toAbsolutePath().normalize();
                if (!rules.contains(p)) now.add(p);
            }
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}", folder, e.toString());
            return;
        }
        hooks.entrySet().removeIf(e -> {
            if (now.contains(e.getKey())) return false;
            e.getValue().close();
            return true;
        });
        for (Path f : now) {
            hooks.computeIfAbsent(f, p -> new EventHook(new ScriptFile(p, ScriptFile.nameIn(configDir, p)), runtime, api));
        }
    }

    @Override
    public void close() {
        dispatcher.shutdownNow();
        // The dispatcher thread may still touch the map while it stops: close what it held last.
        try {
            dispatcher.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        hooks.values().forEach(EventHook::close);
    }
}
