package dev.vigil.dsl.js;

import dev.vigil.engine.model.ServiceSpec;
import dev.vigil.engine.readiness.RulePort;
import dev.vigil.engine.spi.ProbeResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readiness rules in JS, the engine's {@link RulePort}: a service's {@code [readiness] script} defines
 * {@code function ready(ctx)}, asked on the rule's schedule in a fresh sandboxed context.
 *
 * <p>{@code ctx} is frozen: {@code service}, {@code child}, {@code sockets} (the declared socket
 * strings), {@code probe} (the provider's or built-in probe's last answer, or null) and {@code http}
 * ({@link DeclaredHttp}). A global {@code vigil.log(msg)} writes to vigil's log. A broken rule (a
 * throw, a limit, a wrong answer, a file that will not parse) is answered as {@code Failed("hook error:
 * FILE:LINE: message")}, logged once per distinct error. An edited file is read again at its next call.
 */
public final class ScriptRules implements RulePort {

    private static final Logger LOG = LoggerFactory.getLogger(ScriptRules.class);
    private final JsRuntime runtime;
    private final Path configDir;

    /** Rules whose files are named, in messages, relative to {@code configDir}. */
    public ScriptRules(JsRuntime runtime, Path configDir) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.configDir = Objects.requireNonNull(configDir, "configDir");
    }

    @Override
    public Rule open(ServiceSpec spec) {
        Path script = spec.readiness().script();
        if (script == null) throw new IllegalArgumentException("service " + spec.name() + " declares no readiness script");
        return new ServiceRule(spec, new ScriptFile(script, ScriptFile.nameIn(configDir, script)));
    }

    /** One service's rule. */
    private final class ServiceRule implements Rule {
        private final ServiceSpec spec;
        private final ScriptFile file;
        private final String sockets;
        private String lastError;

        ServiceRule(ServiceSpec spec, ScriptFile file) {
            this.spec = spec;
            this.file = file;
            this.sockets = spec.sockets().stream().map(s -> Glue.quote(s.uri())).collect(Collectors.joining(",", "[", "]"));
        }

        @Override
        public CompletableFuture<ProbeResult> check(String child, ProbeResult probe) {
            return runtime.submit(() -> answer(child, probe))
                    .exceptionally(t -> broken(new JsError(file.name(), 0, "not run: " + t.getMessage())));
        }

        private ProbeResult answer(String child, ProbeResult probe) {
            Outcome<ProbeResult> outcome = runtime.call(file.name(), (context, deadline) -> {
                var source = read(file);
                Value glue = runtime.glue().in(context);
                context.getBindings("js").putMember("vigil", logOnly(file.name()));
                context.eval(source);
                Value ready = context.getBindings("js").getMember("ready");
                if (ready == null || !ready.canExecute()) throw new JsRuntime.BadAnswer("defines no function ready(ctx)", 0);
                String data = "{\"service\":" + Glue.quote(spec.name()) + ",\"child\":" + Glue.quote(child) + ",\"sockets\":" + sockets
                        + ",\"probe\":" + RuleAnswer.probeJson(probe) + "}";
                var http = new DeclaredHttp(spec.name(), spec.sockets(), runtime.http());
                Value ctx = glue.getMember("rule").execute(data, http.host(deadline));
                Value answer = ready.execute(ctx);
                var at = ready.getSourceLocation();
                return RuleAnswer.of(answer, at == null ? 0 : at.getStartLine());
            });
            return switch (outcome) {
                case Outcome.Done<ProbeResult> d -> {
                    recovered();
                    yield d.value();
                }
                case Outcome.Broken<ProbeResult> b -> broken(b.error());
            };
        }

        private synchronized void recovered() {
            if (lastError != null) LOG.info("{}: readiness rule {} answers again", spec.name(), file.name());
            lastError = null;
        }

        private synchronized ProbeResult broken(JsError error) {
            String text = error.toString();
            if (!text.equals(lastError)) LOG.warn("{}: readiness rule: {}", spec.name(), text);
            lastError = text;
            return new ProbeResult.Failed("hook error: " + text, false);
        }

        @Override
        public void close() {
            // Nothing held between calls: every call has its own context.
        }
    }

    static org.graalvm.polyglot.Source read(ScriptFile file) {
        try {
            return file.source();
        } catch (IOException e) {
            throw new JsRuntime.BadAnswer("cannot read the script: " + e, 0);
        }
    }

    /** {@code vigil} of a rule or an expression: {@code log(msg)} only. */
    static ProxyObject logOnly(String who) {
        Map<String, Object> members = new HashMap<>();
        members.put("log", (ProxyExecutable) a -> {
            LOG.info("{}: {}", who, a.length == 0 ? "" : Errors.shorten(Glue.text(a[0])));
            return null;
        });
        return ProxyObject.fromMap(members);
    }
}
