package dev.vigil.dsl.toml;

import dev.vigil.engine.model.Dependency;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The rules of {@code depends_on}, which need every service of every file at once: each name is a
 * service other than the one that names it, "completed" is waited for on oneshots only, and no
 * services wait for each other in a cycle.
 */
final class DependencyValidator {

    private DependencyValidator() {}

    /** Every problem of every service's {@code depends_on}. */
    static List<Problem> check(Declarations d) {
        Map<String, ServiceDraft> byName = new LinkedHashMap<>();
        for (ServiceDraft service : d.services()) byName.putIfAbsent(service.name().value(), service);
        List<Problem> problems = new ArrayList<>();
        for (ServiceDraft service : d.services()) names(service, byName, d, problems);
        problems.addAll(cycles(byName));
        return problems;
    }

    /**
     * Each dependency of {@code service} names another service, and a oneshot where it waits for
     * "completed". A name that a file which did not parse may declare is not reported unknown.
     */
    private static void names(
            ServiceDraft service, Map<String, ServiceDraft> byName, Declarations d, List<Problem> problems) {
        String key = service.dependsOn().origin().key();
        for (Located<Dependency> dependency : service.dependsOn().value()) {
            String name = dependency.value().service();
            Origin at = dependency.origin().withKey(key);
            ServiceDraft target = byName.get(name);
            if (name.equals(service.name().value())) {
                problems.add(at.problem("service " + TomlText.quote(name) + " cannot wait for itself"));
            } else if (target == null) {
                if (!d.mayDeclare(name)) {
                    problems.add(at.problem("no service named " + TomlText.quote(name) + hint(name, d)));
                }
            } else if (dependency.value().condition() == Dependency.Condition.COMPLETED && !target.oneshot().value()) {
                problems.add(dependency.origin()
                        .problem("\"completed\" never holds: " + TomlText.quote(name)
                                + " is not a oneshot, so it does not complete (wait for \"ready\" or \"started\","
                                + " or set oneshot = true in it)"));
            }
        }
    }

    /** The nearest name of a service, parsed or not. */
    private static String hint(String name, Declarations d) {
        List<String> names = Stream.concat(
                        d.services().stream().map(s -> s.name().value()), d.unparsed().stream().sorted())
                .distinct()
                .toList();
        return Spelling.nearest(name, names)
                .map(near -> " (did you mean " + TomlText.quote(near) + "?)")
                .orElse("");
    }

    /**
     * One problem per group of services that wait for each other (a strongly connected component),
     * at the {@code depends_on} key of its first service in declaration order, naming the shortest
     * cycle from it. One group can hold many cycles; the one shown is enough to break, and reporting
     * each would bury it. Waiting for itself is reported apart, and unknown names lead nowhere.
     */
    private static List<Problem> cycles(Map<String, ServiceDraft> byName) {
        List<Problem> problems = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        for (ServiceDraft service : byName.values()) {
            String start = service.name().value();
            if (reported.contains(start)) continue;
            List<String> cycle = shortestCycle(start, byName);
            if (cycle.isEmpty()) continue;
            for (String member : reachable(start, byName)) {
                if (reachable(member, byName).contains(start)) reported.add(member);
            }
            problems.add(service.dependsOn().origin().problem("cycle " + String.join(" -> ", cycle)));
        }
        return problems;
    }

    /** The services {@code from} waits for, directly or not, {@code from} included. */
    private static Set<String> reachable(String from, Map<String, ServiceDraft> byName) {
        Set<String> seen = new HashSet<>(List.of(from));
        Deque<String> queue = new ArrayDeque<>(seen);
        while (!queue.isEmpty()) {
            for (String to : waitsFor(queue.removeFirst(), byName)) {
                if (seen.add(to)) queue.addLast(to);
            }
        }
        return seen;
    }

    /** The shortest cycle from {@code start} back to it, both ends included; or none. */
    private static List<String> shortestCycle(String start, Map<String, ServiceDraft> byName) {
        Map<String, String> reachedFrom = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            String from = queue.removeFirst();
            for (String to : waitsFor(from, byName)) {
                if (to.equals(start)) return path(start, from, reachedFrom);
                if (reachedFrom.putIfAbsent(to, from) == null) queue.addLast(to);
            }
        }
        return List.of();
    }

    /** The known services {@code name} waits for, in the order written, itself left out. */
    private static List<String> waitsFor(String name, Map<String, ServiceDraft> byName) {
        return byName.get(name).dependsOn().value().stream()
                .map(dependency -> dependency.value().service())
                .filter(to -> !to.equals(name) && byName.containsKey(to))
                .toList();
    }

    /** {@code start -> ... -> last -> start}, walking {@code reachedFrom} back from {@code last}. */
    private static List<String> path(String start, String last, Map<String, String> reachedFrom) {
        List<String> backwards = new ArrayList<>(List.of(start));
        for (String at = last; !at.equals(start); at = reachedFrom.get(at)) backwards.add(at);
        backwards.add(start);
        return backwards.reversed();
    }
}
