package dev.vigil.engine.supervise;

import dev.vigil.engine.supervise.Processes.Spawned;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The live processes of one service: its spawned children by name, and the descendants found
 * outside their process groups. Not thread-safe: the unit's mailbox only.
 */
final class Tree {

    private final Map<String, Spawned> children = new LinkedHashMap<>();
    private final Set<Long> descendants = new HashSet<>();

    void add(String child, Spawned p) {
        children.put(child, p);
    }

    /** Removes {@code p} if it is still the process of {@code child}; false for a stale one. */
    boolean remove(String child, Spawned p) {
        return children.remove(child, p);
    }

    Spawned child(String name) {
        return children.get(name);
    }

    List<Spawned> spawned() {
        return new ArrayList<>(children.values());
    }

    /** Adds the descendants not yet known; returns the new ones. */
    Set<Long> addDescendants(Set<Long> pids) {
        Set<Long> fresh = new HashSet<>();
        for (Long pid : pids) {
            boolean isChild = children.values().stream().anyMatch(c -> c.pid() == pid);
            if (!isChild && descendants.add(pid)) fresh.add(pid);
        }
        return fresh;
    }

    void removeDescendant(long pid) {
        descendants.remove(pid);
    }

    int childCount() {
        return children.size();
    }

    /** Children and known descendants alive. */
    int size() {
        return children.size() + descendants.size();
    }

    boolean isEmpty() {
        return size() == 0;
    }
}
