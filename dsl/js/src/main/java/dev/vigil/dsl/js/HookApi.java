package dev.vigil.dsl.js;

import dev.vigil.engine.supervise.Supervisor;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code vigil} global of an event hook: {@code log(msg)}, {@code start(name)}, {@code
 * stop(name)}, {@code restart(name)} and {@code submit(id, template, params)}. Every action only asks
 * ({@link Control#request}): a hook never waits for the engine. A wrong argument, an unknown service or
 * missing tasks throw into the script, with a message saying which.
 */
final class HookApi {

    private static final Logger LOG = LoggerFactory.getLogger(HookApi.class);
    private final Control control;
    private final Tasks tasks;

    HookApi(Control control, Tasks tasks) {
        this.control = control;
        this.tasks = tasks;
    }

    /** The object for hook {@code file}. */
    ProxyObject object(String file) {
        String by = "hook " + file;
        Map<String, Object> m = new HashMap<>();
        m.put("log", (ProxyExecutable) a -> {
            LOG.info("{}: {}", file, a.length == 0 ? "" : Errors.shorten(Glue.text(a[0])));
            return null;
        });
        m.put("start", action("start", Supervisor.Action.START, by));
        m.put("stop", action("stop", Supervisor.Action.STOP, by));
        m.put("restart", action("restart", Supervisor.Action.RESTART, by));
        m.put("submit", (ProxyExecutable) a -> {
            if (tasks == null) throw new IllegalStateException("vigil.submit: tasks are not available in this vigil");
            String id = string(a, 0, "vigil.submit(id, template, params)", "id");
            String template = string(a, 1, "vigil.submit(id, template, params)", "template");
            tasks.submit(id, template, params(a.length > 2 ? a[2] : null));
            return null;
        });
        return ProxyObject.fromMap(m);
    }

    private ProxyExecutable action(String verb, Supervisor.Action action, String by) {
        return a -> {
            String name = string(a, 0, "vigil." + verb + "(name)", "name");
            try {
                control.request(name, action, by);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("vigil." + verb + "(\"" + name + "\"): " + e.getMessage());
            }
            return null;
        };
    }

    private static String string(Value[] a, int i, String call, String what) {
        if (a.length <= i || !a[i].isString()) throw new IllegalArgumentException(call + ": " + what + " must be a string");
        return a[i].asString();
    }

    private static Map<String, String> params(Value v) {
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null || v.isNull()) return out;
        if (!v.hasMembers() || v.canExecute()) throw new IllegalArgumentException("vigil.submit: params must be an object");
        for (String k : v.getMemberKeys()) {
            Value p = v.getMember(k);
            out.put(k, Glue.text(p));
        }
        return out;
    }
}
