package dev.vigil.engine.task;

import dev.vigil.engine.model.TaskRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeSet;

/** What sets a submit apart from the task already recorded under its id: the words of a 409. */
final class Difference {

    private Difference() {}

    /**
     * How a submit of {@code template} with {@code params} differs from {@code old}, naming the
     * template or each param that differs; empty when it is the same task.
     */
    static Optional<String> between(TaskRecord old, String template, SortedMap<String, String> params) {
        if (!old.template().equals(template)) {
            return Optional.of("task \"" + old.id() + "\" exists with template \"" + old.template() + "\", not \"" + template + "\"");
        }
        if (old.params().equals(params)) return Optional.empty();
        TreeSet<String> names = new TreeSet<>(old.params().keySet());
        names.addAll(params.keySet());
        List<String> diffs = new ArrayList<>();
        for (String k : names) {
            String was = old.params().get(k);
            String now = params.get(k);
            if (Objects.equals(was, now)) continue;
            if (was == null) diffs.add(k + " is new (\"" + now + "\")");
            else if (now == null) diffs.add(k + " is missing (was \"" + was + "\")");
            else diffs.add(k + " is \"" + now + "\", not \"" + was + "\"");
        }
        return Optional.of("task \"" + old.id() + "\" exists with other params: " + String.join("; ", diffs));
    }
}
