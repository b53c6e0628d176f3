package dev.vigil.shell;

import dev.vigil.api.json.Json;
import dev.vigil.api.json.Views;
import dev.vigil.api.server.Evaluator;
import dev.vigil.dsl.js.EventHooks;
import dev.vigil.dsl.js.Expressions;
import dev.vigil.dsl.js.JsRuntime;
import dev.vigil.dsl.js.Outcome;
import dev.vigil.dsl.js.ScriptRules;
import dev.vigil.dsl.js.Tasks;
import dev.vigil.dsl.toml.Globals;
import dev.vigil.engine.event.EventBus;
import dev.vigil.engine.readiness.RulePort;
import dev.vigil.engine.supervise.Supervisor;
import dev.vigil.engine.task.Submission;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's JS: the one class of the program that names {@code dev.vigil.dsl.js}, so that a config
 * without hooks or readiness scripts loads none of it (nor GraalJS) until a {@code vigil js} asks.
 *
 * <p>{@code vigil.submit} of event hooks goes to the task engine, off the hook's thread: a hook never
 * waits for a spawn or a store write; a refused submit is logged.
 */
final class Scripting implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Scripting.class);

    private final JsRuntime runtime;
    private final Path configDir;
    private final Expressions expressions;
    private EventHooks hooks;

    Scripting(Globals.HookLimits limits, Path configDir, Path runtimeDir) {
        resourceCache(runtimeDir);
        this.runtime = new JsRuntime(limits.timeout(), limits.statements());
        this.configDir = configDir;
        this.expressions = new Expressions(runtime);
    }

    /**
     * Truffle unpacks a small native library (~100 KB) at its first context, by default under
     * {@code ~/.cache/org.graalvm.polyglot}; a service user without a writable home gets the runtime
     * folder instead. {@code -Dpolyglot.engine.userResourceCache=DIR} still wins.
     */
    private static void resourceCache(Path runtimeDir) {
        String key = "polyglot.engine.userResourceCache";
        if (System.getProperty(key) != null) return;
        Path cache = Path.of(System.getProperty("user.home", "/nonexistent"), ".cache");
        boolean writable = Files.exists(cache) ? Files.isWritable(cache) : cache.getParent() != null && Files.isWritable(cache.getParent());
        if (!writable) System.setProperty(key, runtimeDir.resolve("polyglot").toString());
    }

    /** Readiness rules, for the engine's ports. */
    RulePort rules() {
        return new ScriptRules(runtime, configDir);
    }

    /** What {@code vigil.submit} asks of {@code engine}, handed to a virtual thread; null without tasks. */
    private static Tasks tasks(dev.vigil.engine.task.Tasks engine) {
        if (engine == null) return null;
        return (id, template, params) -> Thread.ofVirtual().name("hook-submit").start(() -> {
            switch (engine.submit(id, template, params)) {
                case Submission.Rejected r -> LOG.warn("vigil.submit({}, {}): {}", id, template, r.reason());
                case Submission.Conflict c -> LOG.warn("vigil.submit({}, {}): {}", id, template, c.difference());
                case Submission.Started st -> LOG.info("vigil.submit({}, {}): run {} started", id, template, st.task().run());
                case Submission.Existing ex -> LOG.info("vigil.submit({}, {}): already {} (run {})", id, template, ex.task().state(), ex.task().run());
            }
        });
    }

    /**
     * Starts the event hooks of {@code hooks/*.js} on {@code bus}, but for the readiness scripts
     * {@code rules}; their actions go to {@code supervisor}, their submits to {@code engineTasks}.
     */
    void hooks(Supervisor supervisor, dev.vigil.engine.task.Tasks engineTasks, EventBus bus, Set<Path> rules) {
        var mapper = Json.mapper();
        var setup = new EventHooks.Setup(configDir, rules, (service, action, by) -> supervisor.request(service, action, by), tasks(engineTasks), e -> {
            try {
                return mapper.writeValueAsString(Views.event(e));
            } catch (com.fasterxml.jackson.core.JsonProcessingException x) {
                throw new UncheckedIOException(x);
            }
        });
        hooks = new EventHooks(runtime, setup);
        hooks.listen(bus);
    }

    /** {@code POST /v1/js}. */
    Evaluator.Result evaluate(String expr, String services) {
        return switch (expressions.evaluate(expr, services)) {
            case Outcome.Done<String> d -> new Evaluator.Result.Value(d.value());
            case Outcome.Broken<String> b -> new Evaluator.Result.Error(b.error().toString());
        };
    }

    @Override
    public void close() {
        if (hooks != null) hooks.close();
        runtime.close();
    }
}
