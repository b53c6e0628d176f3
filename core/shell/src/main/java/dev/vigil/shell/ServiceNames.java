package dev.vigil.shell;

import dev.vigil.api.json.Views;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The names of the services vigil runs right now, asked over the control socket each time they are
 * iterated: picocli's {@code completionCandidates} for every {@code NAME}, so that Tab in the REPL
 * completes live names. Any failure (no daemon, an old one) gives no names rather than an error.
 *
 * <p>Built by picocli's factory: the REPL's ({@link ShellRoot#factory}) aims it at the attached
 * daemon; the CLI's default one uses the CLI's socket discovery (and never iterates it).
 */
class ServiceNames implements Iterable<String> {

    private final Callable<List<Views.Service>> services;

    ServiceNames() {
        this(() -> new Api(new ClientOptions().client()).services());
    }

    /** {@code services} asks the daemon (or, in a test, anything) for the services of now. */
    ServiceNames(Callable<List<Views.Service>> services) {
        this.services = services;
    }

    @Override
    public Iterator<String> iterator() {
        return services().stream().map(Views.Service::name).iterator();
    }

    /** The candidates given what the line already holds; by default, every name. */
    List<String> candidates(List<String> words) {
        return services().stream().map(Views.Service::name).toList();
    }

    final List<Views.Service> services() {
        try {
            return services.call();
        } catch (Exception e) {
            return List.of();
        }
    }

    /**
     * The children of a multi-child service, for {@code --child}: of the service named on the line
     * when there is one, else of every service.
     */
    static final class Children extends ServiceNames {

        Children() {}

        Children(Callable<List<Views.Service>> services) {
            super(services);
        }

        @Override
        public Iterator<String> iterator() {
            return candidates(List.of()).iterator();
        }

        @Override
        List<String> candidates(List<String> words) {
            List<Views.Service> all = services();
            List<Views.Service> named = all.stream().filter(s -> words.contains(s.name())).toList();
            return (named.isEmpty() ? all : named).stream()
                    .filter(s -> s.children() != null && s.children().size() > 1)
                    .flatMap(s -> s.children().stream().map(Views.Child::name))
                    .distinct()
                    .toList();
        }
    }
}
