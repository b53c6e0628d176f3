package dev.vigil.shell;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Tab completion from the picocli model alone: verbs, a verb's options, an option's values and
 * positional values, each from the {@code completionCandidates} the command declares (live service
 * names: {@link ServiceNames}). Nothing here knows a verb by name except {@code help}, whose
 * argument is a verb.
 */
final class Completion implements Completer {

    private final CommandLine root;

    Completion(CommandLine root) {
        this.root = root;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        candidates.addAll(candidates(line.words(), line.wordIndex(), line.word().substring(0, line.wordCursor())));
    }

    /** The candidates for word {@code index} of {@code words}, of which {@code word} is typed so far. */
    List<Candidate> candidates(List<String> words, int index, String word) {
        List<Candidate> out = new ArrayList<>();
        if (index == 0) {
            verbs(out);
            return out;
        }
        CommandLine sub = root.getSubcommands().get(words.get(0));
        if (sub == null) return out;
        CommandSpec spec = sub.getCommandSpec();
        if (spec.userObject() instanceof CommandLine.HelpCommand) {
            if (index == 1) verbs(out);
            return out;
        }
        List<String> before = words.subList(1, index);
        int eq = word.indexOf('=');
        if (word.startsWith("-") && eq > 0) {
            OptionSpec o = spec.findOption(word.substring(0, eq));
            if (o != null) values(o, words).forEach(v -> out.add(candidate(word.substring(0, eq + 1) + v, v, null)));
            return out;
        }
        OptionSpec previous = before.isEmpty() ? null : option(spec, before.getLast());
        if (previous != null && previous.arity().max() > 0) {
            values(previous, words).forEach(v -> out.add(candidate(v, v, null)));
            return out;
        }
        if (word.startsWith("-")) {
            for (OptionSpec o : spec.options()) {
                if (o.hidden()) continue;
                String description = o.description().length == 0 ? null : o.description()[0];
                for (String name : o.names()) out.add(candidate(name, name, description));
            }
            return out;
        }
        int position = position(spec, before);
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (!p.index().contains(position)) continue;
            Set<String> given = p.arity().max() > 1 ? Set.copyOf(before) : Set.of();
            values(p, words).stream().filter(v -> !given.contains(v)).forEach(v -> out.add(candidate(v, v, null)));
        }
        return out;
    }

    private void verbs(List<Candidate> out) {
        for (CommandLine c : new LinkedHashSet<>(root.getSubcommands().values())) {
            CommandSpec s = c.getCommandSpec();
            if (s.usageMessage().hidden()) continue;
            String[] d = s.usageMessage().description();
            out.add(candidate(s.name(), s.name(), d.length == 0 ? null : d[0]));
        }
    }

    /** The option that {@code word} is when it names one that takes a value apart ({@code --service NAME}). */
    private static OptionSpec option(CommandSpec spec, String word) {
        if (!word.startsWith("-") || word.contains("=")) return null;
        return spec.findOption(word);
    }

    /** Which positional parameter (0-based) the next word is, skipping options and their values. */
    private static int position(CommandSpec spec, List<String> before) {
        int position = 0;
        for (int i = 0; i < before.size(); i++) {
            String w = before.get(i);
            if (w.startsWith("-") && w.length() > 1) {
                OptionSpec o = option(spec, w);
                if (o != null && o.arity().max() > 0) i++;
            } else {
                position++;
            }
        }
        return position;
    }

    private static List<String> values(ArgSpec arg, List<String> words) {
        Iterable<String> candidates = arg.completionCandidates();
        if (candidates == null) return List.of();
        if (candidates instanceof ServiceNames names) return names.candidates(words);
        List<String> out = new ArrayList<>();
        candidates.forEach(out::add);
        return out;
    }

    private static Candidate candidate(String value, String display, String description) {
        return new Candidate(value, display, null, description, null, null, true);
    }
}
