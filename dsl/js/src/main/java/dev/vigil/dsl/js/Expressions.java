package dev.vigil.dsl.js;

import java.util.Objects;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/**
 * {@code vigil js EXPR}: evaluates an expression (or a short script: its last expression's value) in
 * the sandbox, with {@code services()} returning the API's service objects (a fresh copy at each
 * call: read-only for the engine) and {@code vigil.log(msg)}. The value comes back as JSON; {@code
 * undefined} and functions are {@code null}.
 */
public final class Expressions {

    /** The name errors give the expression: {@code expr:1: ReferenceError: x is not defined}. */
    static final String NAME = "expr";
    private final JsRuntime runtime;

    public Expressions(JsRuntime runtime) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
    }

    /**
     * The value of {@code expr}, as JSON, or its error; blocks the calling thread for at most the
     * sandbox's time limit (plus a wait for a free pool thread).
     *
     * @param services the API's service list, as JSON
     */
    public Outcome<String> evaluate(String expr, String services) {
        return runtime.submit(() -> runtime.call(NAME, (context, deadline) -> {
            Value glue = runtime.glue().in(context);
            var bindings = context.getBindings("js");
            bindings.putMember("vigil", ScriptRules.logOnly("js"));
            bindings.putMember("services", glue.getMember("services").execute(services));
            Value v = context.eval(Source.newBuilder("js", expr, NAME).buildLiteral());
            return glue.getMember("json").execute(v).asString();
        })).join();
    }
}
