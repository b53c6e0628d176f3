package dev.vigil.dsl.toml;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The validator step: rules over the defaulted declarations, each returning every problem it
 * finds, so that one run reports them all.
 *
 * <p>The values of {@code [defaults]} are checked on their own and again in each service that
 * inherits them; the loader reports each distinct problem once.
 */
final class Validators {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final String NAME_RULE = "use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";

    private Validators() {}

    /** Every problem of every rule. */
    static List<Problem> check(Declarations d) {
        return Stream.of(
                        names(d),
                        uniqueNames(d),
                        commands(d),
                        durations(d),
                        backoff(d),
                        readiness(d),
                        probes(d),
                        DependencyValidator.check(d),
                        globals(d))
                .flatMap(List::stream)
                .toList();
    }

    /** Service and child names follow {@link #NAME}. */
    static List<Problem> names(Declarations d) {
        List<Problem> problems = new ArrayList<>();
        for (ServiceDraft service : d.services()) {
            Located<String> name = service.name();
            if (!NAME.matcher(name.value()).matches()) {
                problems.add(name.origin()
                        .problem("invalid service name " + TomlText.quote(name.value()) + ": " + NAME_RULE));
            }
            for (ServiceDraft.Child child : children(service)) {
                if (!NAME.matcher(child.name().value()).matches()) {
                    problems.add(child.name().origin().problem("invalid child name: " + NAME_RULE));
                }
            }
        }
        return problems;
    }

    /** No service name is declared twice; the later declaration names the earlier one. */
    static List<Problem> uniqueNames(Declarations d) {
        List<Problem> problems = new ArrayList<>();
        Map<String, Located<String>> seen = new HashMap<>();
        for (ServiceDraft service : d.services()) {
            Located<String> earlier = seen.putIfAbsent(service.name().value(), service.name());
            if (earlier != null) {
                problems.add(service.name()
                        .origin()
                        .problem("service " + TomlText.quote(earlier.value()) + " is already defined at "
                                + earlier.origin().where()));
            }
        }
        return problems;
    }

    /** A service has a top-level command or children, never both; every command has a program. */
    static List<Problem> commands(Declarations d) {
        List<Problem> problems = new ArrayList<>();
        for (ServiceDraft service : d.services()) {
            Located<List<ServiceDraft.Child>> children = service.children();
            boolean hasCommand = service.keys().contains("command");
            boolean hasChildren = service.keys().contains("children");
            if (service.command() != null && children != null) {
                problems.add(children.origin()
                        .problem("not allowed together with a top-level command: use command for one process,"
                                + " or [children.NAME] for several"));
            } else if (!hasCommand && !hasChildren) {
                problems.add(service.name().origin().problem("no command: set command = [...] or add [children.NAME]"));
            } else if (children != null && children.value().isEmpty()) {
                problems.add(children.origin().problem("no child: add [children.NAME] with a command"));
            }
            command(service.command(), problems);
            for (ServiceDraft.Child child : children(service)) {
                if (!child.keys().contains("command")) {
                    problems.add(child.name().origin().problem("no command: set command = [...]"));
                }
                command(child.command(), problems);
            }
        }
        return problems;
    }

    private static void command(Located<List<String>> command, List<Problem> problems) {
        if (command == null) return;
        if (command.value().isEmpty()) {
            problems.add(command.origin().problem("must not be empty"));
        } else if (command.value().getFirst().isEmpty()) {
            problems.add(command.origin().problem("the program (first word) must not be empty"));
        }
    }

    /** No duration is negative. */
    static List<Problem> durations(Declarations d) {
        return drafts(d)
                .flatMap(ServiceDraft::durations)
                .filter(duration -> duration.value().compareTo(Duration.ZERO) < 0)
                .map(duration -> duration.origin().problem("must not be negative"))
                .toList();
    }

    /** Backoff numbers are in range: factor at least 1, jitter from 0 to 1, max_restarts not negative. */
    static List<Problem> backoff(Declarations d) {
        List<Problem> problems = new ArrayList<>();
        drafts(d).map(ServiceDraft::backoff).forEach(backoff -> {
            Located<Double> factor = backoff.factor();
            if (factor != null && !(factor.value() >= 1.0 && factor.value() < Double.POSITIVE_INFINITY)) {
                problems.add(factor.origin().problem("must be a number of at least 1.0, got " + factor.value()));
            }
            Located<Double> jitter = backoff.jitter();
            if (jitter != null && !(jitter.value() >= 0 && jitter.value() <= 1)) {
                problems.add(jitter.origin().problem("must be between 0 and 1, got " + jitter.value()));
            }
            count(backoff.maxRestarts(), problems);
        });
        return problems;
    }

    /**
     * Readiness by sockets needs declared sockets, and a watchdog needs notify. Checked per service,
     * where {@code [defaults]} and the service's own keys have met; a value from {@code [defaults]}
     * names the service it fails in.
     */
    static List<Problem> readiness(Declarations d) {
        List<Problem> problems = new ArrayList<>();
        ServiceDraft.Readiness inherited = d.defaults().readiness();
        for (ServiceDraft service : d.services()) {
            ServiceDraft.Readiness readiness = service.readiness();
            Located<Boolean> sockets = readiness.sockets();
            if (sockets.value() && service.sockets().value().isEmpty() && !socketsWereWrong(d, service)) {
                problems.add(sockets.origin()
                        .problem("no socket to wait for: declare sockets = [\"tcp://HOST:PORT\"], or set this false"
                                + in(service, sockets == inherited.sockets())));
            }
            problems.addAll(script(service, readiness, inherited));
            Located<Duration> watchdog = readiness.watchdog();
            if (watchdog.value().isPositive() && !readiness.sdNotify().value()) {
                problems.add(watchdog.origin()
                        .problem("needs notify = true: a watchdog is kept by WATCHDOG=1 notifications"
                                + in(service, watchdog == inherited.watchdog())));
            }
        }
        return problems;
    }

    /** A readiness rule's file exists (a relative path is the config folder's), and it is asked at a positive interval. */
    private static List<Problem> script(ServiceDraft service, ServiceDraft.Readiness readiness, ServiceDraft.Readiness inherited) {
        List<Problem> problems = new ArrayList<>();
        Located<java.nio.file.Path> script = readiness.script();
        if (script != null && script.value() != null && !java.nio.file.Files.isRegularFile(script.value())) {
            problems.add(script.origin().problem("no such file: " + script.value()
                    + " (a readiness rule, a JS file defining function ready(ctx))" + in(service, script == inherited.script())));
        }
        Located<Duration> interval = readiness.scriptInterval();
        if (interval != null && !interval.value().isPositive()) {
            problems.add(interval.origin().problem("must be greater than 0" + in(service, interval == inherited.scriptInterval())));
        }
        return problems;
    }

    /** Whether a sockets key was written but its value was wrong (reported), so no rule should count it empty. */
    private static boolean socketsWereWrong(Declarations d, ServiceDraft service) {
        boolean written = service.keys().contains("sockets") || d.defaults().keys().contains("sockets");
        return written && service.sockets().origin().equals(service.name().origin());
    }

    private static String in(ServiceDraft service, boolean inherited) {
        return inherited ? " (in service " + TomlText.quote(service.name().value()) + ")" : "";
    }

    /** A probe's interval and timeout are positive, and its thresholds at least 1. */
    static List<Problem> probes(Declarations d) {
        List<Problem> problems = new ArrayList<>();
        for (ServiceDraft service : d.services()) {
            for (ProbeDraft probe : service.probes().value()) {
                for (Located<Duration> duration : List.of(probe.interval(), probe.timeout())) {
                    if (!duration.value().isPositive()) {
                        problems.add(duration.origin().problem("must be greater than 0"));
                    }
                }
                for (Located<Long> threshold : List.of(probe.successThreshold(), probe.failureThreshold())) {
                    if (threshold.value() < 1) {
                        problems.add(threshold.origin().problem("must be at least 1, got " + threshold.value()));
                    } else if (threshold.value() > Integer.MAX_VALUE) {
                        problems.add(threshold.origin().problem("must be at most " + Integer.MAX_VALUE));
                    }
                }
            }
        }
        return problems;
    }

    /** log_max_size is positive; log_keep is a count. */
    static List<Problem> globals(Declarations d) {
        List<Problem> problems = new ArrayList<>();
        Located<Long> size = d.globals().logMaxBytes();
        if (size != null && size.value() < 0) {
            problems.add(size.origin().problem("must not be negative"));
        } else if (size != null && size.value() == 0) {
            problems.add(size.origin().problem("must be greater than 0"));
        }
        count(d.globals().logKeep(), problems);
        Located<Duration> timeout = d.globals().hookTimeout();
        if (timeout != null && !timeout.value().isPositive()) problems.add(timeout.origin().problem("must be greater than 0"));
        Located<Long> statements = d.globals().hookStatements();
        if (statements != null && statements.value() < 1) problems.add(statements.origin().problem("must be at least 1"));
        return problems;
    }

    /**
     * A folder that parsed completely declares something to supervise: a service, or at least a task
     * template ({@code hasTasks}).
     */
    static List<Problem> somethingDeclared(Declarations d, boolean hasTasks) {
        if (!d.services().isEmpty() || hasTasks || !d.complete()) return List.of();
        return List.of(new Problem(d.dir(), 0, 0,
                "no service declared: add services/NAME.toml, or [services.NAME] to vigil.toml (or a [tasks.NAME] template)"));
    }

    private static void count(Located<Long> count, List<Problem> problems) {
        if (count == null) return;
        if (count.value() < 0) {
            problems.add(count.origin().problem("must not be negative"));
        } else if (count.value() > Integer.MAX_VALUE) {
            problems.add(count.origin().problem("must be at most " + Integer.MAX_VALUE));
        }
    }

    /** The services and {@code [defaults]}, whose values are checked even where no service inherits them. */
    private static Stream<ServiceDraft> drafts(Declarations d) {
        return Stream.concat(Stream.of(d.defaults()), d.services().stream());
    }

    private static List<ServiceDraft.Child> children(ServiceDraft service) {
        return service.children() == null ? List.of() : service.children().value();
    }
}
