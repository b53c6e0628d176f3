package dev.vigil.shell;

import dev.vigil.api.server.ControlServer;
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
import dev.vigil.engine.supervise.SupervisorSettings;
import dev.vigil.engine.clock.SystemScheduler;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
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
 * The composition root: loads a config folder, wires the engine, the control API and the log
 * rotation by constructors, and runs until SIGTERM or SIGINT, which stop every service first.
 */
final class Daemon {

    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    private static final Duration ROTATE_EVERY = Duration.ofSeconds(2);
    private final Config config;
    private final Path runtimeDir;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean ready;
    private Supervisor supervisor;
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
        SystemProcesses processes = new SystemProcesses();
        SystemScheduler scheduler = new SystemScheduler();
        ExecutorService units = Executors.newVirtualThreadPerTaskExecutor();
        SupervisorSettings settings = new SupervisorSettings(runtimeDir, token(runtimeDir));
        boolean scripts = config.services().stream().anyMatch(s -> s.readiness().hasScript());
        boolean hooks = hooksPresent(config.dir());
        Ports ports = new Ports(runtimeDir, scheduler, new MarkerWatch(), new NotifyReceiver(), new Checker(processes.spawner()), providers,
                scripts ? scripting().rules() : null);
        EventBus bus = new EventBus();
        supervisor = new Supervisor(settings, processes, scheduler, units, bus, RandomGenerator.getDefault(), ports);
        if (hooks) {
            var rules = config.services().stream().filter(s -> s.readiness().hasScript()).map(s -> s.readiness().script())
                    .collect(Collectors.toSet());
            scripting().hooks(supervisor, bus, rules);
        }
        ControlServer server = new ControlServer(supervisor, socket(), () -> ready, (expr, services) -> scripting().evaluate(expr, services));
        server.start();
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

    /** Declares the services (autostarts begin) and turns /readyz on. */
    void declare() {
        supervisor.load(config.services());
        ready = true;
        LOG.info("vigil {} up: {} services from {}; control socket {}", ProcessHandle.current().pid(), config.services().size(),
                config.dir(), socket());
    }

    /** Blocks until the shutdown hook has stopped everything. */
    void awaitStop() throws InterruptedException {
        stopped.await();
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
        synchronized (this) {
            if (scripting != null) scripting.close();
        }
        processes.close();
        scheduler.close();
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
