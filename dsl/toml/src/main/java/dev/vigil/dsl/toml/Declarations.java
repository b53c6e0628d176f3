package dev.vigil.dsl.toml;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the map step read from a config folder (and the defaults step then completes).
 *
 * @param dir the config folder as given to the loader, for problems about the folder itself
 * @param defaults the {@code [defaults]} table, {@link ServiceDraft#SILENT} if there is none
 * @param services in declaration order: {@code vigil.toml}'s first, then one per service file by
 *     file name
 * @param complete false when a file could not be parsed, so what it declared is unknown
 * @param namesKnown whether every declared service's name is known: true even when service files did
 *     not parse (their names are in {@code unparsed}), false when {@code vigil.toml} did not
 * @param unparsed the names of the services whose files did not parse
 */
record Declarations(
        Path dir,
        GlobalsDraft globals,
        ServiceDraft defaults,
        List<ServiceDraft> services,
        boolean complete,
        boolean namesKnown,
        Set<String> unparsed) {

    Declarations {
        Objects.requireNonNull(globals, "globals");
        Objects.requireNonNull(defaults, "defaults");
        services = List.copyOf(services);
        unparsed = Set.copyOf(unparsed);
    }

    /** Whether some service, parsed or not, may be named {@code name}. */
    boolean mayDeclare(String name) {
        return !namesKnown || unparsed.contains(name) || services.stream().anyMatch(s -> s.name().value().equals(name));
    }

    /** These declarations with the globals and services the defaults step completed. */
    Declarations defaulted(GlobalsDraft newGlobals, List<ServiceDraft> newServices) {
        return new Declarations(dir, newGlobals, defaults, newServices, complete, namesKnown, unparsed);
    }

    /** The top-level keys of {@code vigil.toml}; null where it is silent, until defaulted. */
    record GlobalsDraft(
            Located<Path> runtimeDir,
            Located<Long> logMaxBytes,
            Located<Long> logKeep,
            Located<Path> pluginsDir,
            Located<Duration> hookTimeout,
            Located<Long> hookStatements) {

        static final GlobalsDraft SILENT = new GlobalsDraft(null, null, null, null, null, null);

        Globals toGlobals() {
            return new Globals(
                    Optional.ofNullable(runtimeDir).map(Located::value),
                    logMaxBytes.value(),
                    Math.toIntExact(logKeep.value()),
                    Optional.ofNullable(pluginsDir).map(Located::value),
                    new Globals.HookLimits(hookTimeout.value(), hookStatements.value()));
        }
    }
}
