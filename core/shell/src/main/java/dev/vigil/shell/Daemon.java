package dev.vigil.shell;

import dev.vigil.api.server.ControlServer;
import dev.vigil.api.server.Host;
import dev.vigil.dsl.toml.Config;
import dev.vigil.dsl.toml.ConfigException;
import dev.vigil.dsl.toml.ConfigLoader;
import dev.vigil.engine.event.EventBus;
import dev.vigil.engine.os.LogRotation;
import dev.vigil.engine.os.MarkerWatch;
import dev.vigil.engine.os.NotifyReceiver;
import dev.vigil.engine.model.ServiceSpec;
import dev.vigil.engine.probe.Checker;
import dev.vigil.engine.provider.ProviderLoadException;
import dev.vigil.engine.provider.ProviderRegistry;
import dev.vigil.engine.provider.RegistryProviders;
import java.util.ArrayList;
import java.util.List;
import dev.vigil.engine.readiness.Ports;
import dev.vigil.engine.os.SystemProcesses;
import dev.vigil.engine.supervise.Supervisor;
import dev.vigil.engine.store.Store;
import dev.vigil.engine.store.StoreException;
import dev.vigil.engine.supervise.SupervisorSettings;
import dev.vigil.engine.store.Database;
import dev.vigil.engine.task.ProviderActions;
import dev.vigil.engine.task.Tasks;
import dev.vigil.engine.clock.SystemScheduler;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: loads a config folder, opens the store ({@code RUNTIME/vigil.db}), wires the
 * engine, the control API and the log rotation by constructors, and runs until SIGTERM or SIGINT,
 * which stop every service first, or until {@code POST /v1/shutdown?keep_services=true}, which
 * leaves them running for the next vigil to adopt.
 */
final class Daemon {

    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    private static final Duration ROTATE_EVERY = Duration.ofSeconds(2);
    /** /livez fails when the store does not answer a query within this. */
    private static final Duration LIVENESS_LIMIT = Duration.ofSeconds(1);
    private final Config config;
    private final Path runtimeDir;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean ready;
    private Supervisor supervisor;
    private Tasks tasks;
    private Store store;
    private FileChannel runtimeLock;
    private ControlServer server;
    private Scripting scripting; // guarded by this; null until some JS is needed

    private Daemon(Config config, Path runtimeDir) {
        this.config = config;
        this.runtimeDir = runtimeDir;
    }

    /**
     * Loads {@code dir}; on bad config prints every problem to {@code err} and throws with exit 2,
     * starting nothing.
     */
    static Daemon load(Path dir, Path runtimeOverride, PrintWriter err) {
        Config config;
        try {
            config = ConfigLoader.load(dir);
        } catch (ConfigException e) {
            e.problems().forEach(p -> err.println(p));
            err.println("vigil: " + e.problems().size() + " problem" + (e.problems().size() == 1 ? "" : "s")
                    + " in " + dir + "; nothing was started");
            err.flush();
            throw new Main.CliException(ExitCodes.USAGE, null);
        }
        Path runtime = runtimeOverride != null ? runtimeOverride : config.globals().runtimeDir().orElse(config.dir().resolve(".vigil"));
        return new Daemon(config, runtime.toAbsolutePath().normalize());
    }

    Path socket() {
        return runtimeDir.resolve("control.sock");
    }

    Supervisor supervisor() {
        return supervisor;
    }

    /** Starts the engine and the control API; no service yet ({@link #declare} adds them). */
    void start() throws Exception {
        try {
            ControlServer.checkPath(socket());
        } catch (IOException e) {
            throw new Main.CliException(ExitCodes.USAGE, e.getMessage());
        }
        RegistryProviders providers = providers();
        prepareRuntimeDir();
        lockRuntimeDir();
        try {
            store = Store.open(runtimeDir);
        } catch (StoreException e) {
            throw new Main.CliException(ExitCodes.STORE, e.getMessage() + "; nothing was started");
        }
        SystemProcesses processes = new SystemProcesses();
        SystemScheduler scheduler = new SystemScheduler();
        ExecutorService units = Executors.newVirtualThreadPerTaskExecutor();
        SupervisorSettings settings = new SupervisorSettings(runtimeDir, token(runtimeDir));
        boolean scripts = config.services().stream().anyMatch(s -> s.readiness().hasScript());
        boolean hooks = hooksPresent(config.dir());
        Ports ports = new Ports(runtimeDir, scheduler, new MarkerWatch(), new NotifyReceiver(), new Checker(processes.spawner()), providers,
                scripts ? scripting().rules() : null);
        EventBus bus = new EventBus();
        store.journal(bus);
        supervisor = new Supervisor(settings, processes, scheduler, units, bus, RandomGenerator.getDefault(), ports, store.ledger());
        tasks = tasks(store.database(), processes, scheduler, settings, providers);
        if (hooks) {
            var rules = config.services().stream().filter(s -> s.readiness().hasScript()).map(s -> s.readiness().script())
                    .collect(Collectors.toSet());
            scripting().hooks(supervisor, tasks, bus, rules);
        }
        ControlServer server = new ControlServer(supervisor, tasks, socket(), new ApiHost(), (expr, services) -> scripting().evaluate(expr, services));
        server.start();
        this.server = server;
        LogRotation rotation = new LogRotation(settings.logDir(), config.globals().logMaxBytes(), config.globals().logKeep());
        rotateLoop(scheduler, rotation);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(server, processes, scheduler), "vigil-shutdown"));
    }

    /**
     * The JS sandbox, made at the first need: a readiness script, a hook, or a {@code vigil js}. A config
     * with none of them never loads GraalJS (~0.5 s and tens of MB).
     */
    private synchronized Scripting scripting() {
        if (scripting == null) scripting = new Scripting(config.globals().hooks(), config.dir(), runtimeDir);
        return scripting;
    }

    /** Whether the config folder has {@code hooks/*.js}: a directory listing, no JS. */
    static boolean hooksPresent(Path configDir) {
        Path dir = configDir.resolve("hooks");
        if (!Files.isDirectory(dir)) return false;
        try (var files = Files.newDirectoryStream(dir, "*.js")) {
            return files.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The task engine, with the config's templates; its runs' logs go to {@code RUNTIME/tasks/}. A
     * template naming an action its service's provider does not offer is a configuration error.
     */
    private Tasks tasks(Database db, SystemProcesses processes, SystemScheduler scheduler, SupervisorSettings settings, ProviderActions actions) {
        List<String> problems = Tasks.unsupportedActions(config.tasks(), actions);
        if (!problems.isEmpty()) throw new Main.CliException(ExitCodes.USAGE, String.join("\n", problems) + "\nvigil: nothing was started");
        Tasks t = new Tasks(db, processes, scheduler, runtimeDir.resolve("tasks"), settings.token() + "/:task/", actions);
        t.declare(config.tasks());
        return t;
    }

    /**
     * Declares the services: first re-attaches what a previous vigil left running (from the store),
     * then autostarts the rest; turns /readyz on once boot adoption is done.
     */
    void declare() {
        supervisor.load(config.services()).join();
        tasks.boot();
        ready = true;
        LOG.info("vigil {} up: {} services from {}; control socket {}", ProcessHandle.current().pid(), config.services().size(),
                config.dir(), socket());
    }

    /** Blocks until the shutdown hook has stopped everything. */
    void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** The store, shared by every part of vigil that keeps something across its restarts (tasks too). */
    Store store() {
        return store;
    }

    /** What the control API asks of this daemon. */
    private final class ApiHost implements Host {
        @Override
        public boolean ready() {
            return ready;
        }

        @Override
        public Optional<String> notLive() {
            return store.answers(LIVENESS_LIMIT) ? Optional.empty()
                    : Optional.of("the store " + store.database().file() + " did not answer a query within " + LIVENESS_LIMIT.toMillis() + " ms");
        }

        @Override
        public void shutdown(boolean keepServices) {
            Thread.ofPlatform().name("vigil-exit").start(keepServices ? Daemon.this::exitKeepingServices : () -> System.exit(ExitCodes.OK));
        }
    }

    /**
     * Exits, leaving every service running: what they are is saved in the store first, so that the
     * next vigil on this runtime folder adopts them. The shutdown hook (which stops services) is
     * skipped.
     */
    private void exitKeepingServices() {
        LOG.info("exiting; {} services left running for the next vigil", supervisor.statuses().stream().filter(s -> s.state().isRunning()).count());
        store.flush(Duration.ofSeconds(10));
        tasks.close();
        try {
            server.close();
        } catch (Exception e) {
            LOG.warn("control server stop: {}", e.toString());
        }
        store.close();
        Runtime.getRuntime().halt(ExitCodes.OK);
    }

    private void shutdown(ControlServer server, SystemProcesses processes, SystemScheduler scheduler) {
        LOG.info("stopping every service");
        Duration longest = config.services().stream().map(s -> s.stopTimeout()).max(Duration::compareTo).orElse(Duration.ZERO);
        try {
            supervisor.shutdown().get(longest.toMillis() + 5000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Whatever is left of any service (its processes all carry this runtime's token) is
            // killed: vigil's SIGTERM leaves no service process behind.
            var left = processes.signal(java.util.List.of(), supervisor.settings().token() + "/", dev.vigil.engine.supervise.Processes.SIGKILL);
            LOG.error("some services did not stop in time; SIGKILL to their {} remaining processes", left.size());
        } catch (Exception e) {
            LOG.error("shutdown failed", e);
        }
        try {
            server.close();
        } catch (Exception e) {
            LOG.warn("control server stop: {}", e.toString());
        }
        // Tasks are not stopped: their runs go on and the next vigil re-attaches them.
        tasks.close();
        synchronized (this) {
            if (scripting != null) scripting.close();
        }
        processes.close();
        scheduler.close();
        store.flush(Duration.ofSeconds(10)); // every service's OFFLINE and gone child is on disk
        store.close();
        stopped.countDown();
        LOG.info("stopped");
        // A stop asked for with SIGTERM or SIGINT that went well is a clean exit, not 128+signal.
        Runtime.getRuntime().halt(ExitCodes.OK);
    }

    /**
     * The provider plugins, and a fenced probe for every service that declares one: an unknown kind
     * or a table the provider refuses is a configuration error, and nothing starts.
     */
    private RegistryProviders providers() {
        ProviderRegistry registry;
        try {
            registry = ProviderRegistry.load(config.globals().pluginsDir().orElse(null), Daemon.class.getClassLoader());
        } catch (ProviderLoadException e) {
            throw new Main.CliException(ExitCodes.USAGE, e.getMessage());
        }
        RegistryProviders providers = new RegistryProviders(registry, java.time.InstantSource.system());
        List<String> problems = new ArrayList<>();
        for (ServiceSpec spec : config.services()) {
            if (spec.provider() == null) continue;
            try {
                providers.open(spec);
            } catch (IllegalArgumentException e) {
                problems.add(spec.source() + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            providers.close();
            throw new Main.CliException(ExitCodes.USAGE, String.join("\n", problems) + "\nvigil: " + problems.size()
                    + " provider problem" + (problems.size() == 1 ? "" : "s") + "; nothing was started");
        }
        return providers;
    }

    private static void rotateLoop(SystemScheduler scheduler, LogRotation rotation) {
        scheduler.schedule(ROTATE_EVERY, () -> {
            rotation.rotateDue();
            rotateLoop(scheduler, rotation);
        });
    }

    /**
     * Holds {@code RUNTIME/vigil.lock} for the life of this vigil: a second vigil on the same runtime
     * folder is refused even before its control socket exists.
     */
    private void lockRuntimeDir() throws IOException {
        Path file = runtimeDir.resolve("vigil.lock");
        runtimeLock = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (runtimeLock.tryLock() == null) {
            runtimeLock.close();
            throw new Main.CliException(ExitCodes.USAGE, "another vigil is already running on " + runtimeDir + " (it holds " + file + ")");
        }
    }

    private void prepareRuntimeDir() throws IOException {
        Files.createDirectories(runtimeDir);
        Files.setPosixFilePermissions(runtimeDir, PosixFilePermissions.fromString("rwx------"));
    }

    /** Names this runtime folder in every child's VIGIL_INSTANCE: stable across restarts of vigil. */
    static String token(Path runtimeDir) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(runtimeDir.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
