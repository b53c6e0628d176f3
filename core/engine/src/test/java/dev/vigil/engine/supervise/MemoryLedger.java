package dev.vigil.engine.supervise;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link Ledger} in memory that outlives "vigils": {@link #nextVigil} hands the same memory to the
 * next supervisor and silences this one, as a kill -9 silences a real vigil.
 */
final class MemoryLedger implements Ledger {

    private final Map<String, ServiceRecord> services;
    private final Map<String, Map<String, ChildRecord>> children;
    private volatile boolean dead;

    MemoryLedger() {
        this(new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
    }

    private MemoryLedger(Map<String, ServiceRecord> services, Map<String, Map<String, ChildRecord>> children) {
        this.services = services;
        this.children = children;
    }

    /** The ledger of the next vigil; this one writes nothing from now on. */
    MemoryLedger nextVigil() {
        dead = true;
        return new MemoryLedger(services, children);
    }

    /** Drops a service's children, as a write that never reached the disk. */
    void forgetChildrenForTest(String service) {
        children.remove(service);
    }

    ServiceRecord record(String service) {
        return services.get(service);
    }

    Map<String, ChildRecord> children(String service) {
        return children.getOrDefault(service, Map.of());
    }

    @Override
    public Map<String, Memory> recall() {
        Map<String, Memory> all = new HashMap<>();
        services.forEach((n, r) -> all.put(n, new Memory(r, new ArrayList<>(children(n).values()))));
        children.forEach((n, cs) -> all.putIfAbsent(n, new Memory(null, new ArrayList<>(cs.values()))));
        return all;
    }

    @Override
    public void childUp(ChildRecord child) {
        if (!dead) children.computeIfAbsent(child.service(), k -> new ConcurrentHashMap<>()).put(child.child(), child);
    }

    @Override
    public void childGone(String service, String child, long pid) {
        if (dead) return;
        Map<String, ChildRecord> cs = children.get(service);
        if (cs != null) cs.computeIfPresent(child, (k, r) -> r.identity().pid() == pid ? null : r);
    }

    @Override
    public void service(ServiceRecord record) {
        if (!dead) services.put(record.service(), record);
    }

    @Override
    public void forget(String service) {
        if (dead) return;
        services.remove(service);
        children.remove(service);
    }

    List<String> services() {
        return new ArrayList<>(services.keySet());
    }
}
