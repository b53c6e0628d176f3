package dev.vigil.dsl.toml;

import dev.vigil.dsl.toml.ConfigFolder.Document;
import dev.vigil.dsl.toml.ConfigFolder.Sources;
import dev.vigil.dsl.toml.Declarations.GlobalsDraft;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The map step: turns parsed files into drafts, reporting unknown keys and wrong types and formats.
 * Files that did not parse are skipped (their syntax errors are already reported).
 */
final class Mapper {

    static final List<String> GLOBAL_KEYS = List.of(
            "runtime_dir", "log_max_size", "log_keep", "plugins_dir", "hook_timeout", "hook_statements", "defaults", "services", "tasks");

    private Mapper() {}

    /**
     * The declarations of {@code sources}; relative paths resolve against {@code dir}, which is
     * absolute and normalized, while problems name files as {@code givenDir} resolves them.
     */
    static Declarations map(Path givenDir, Path dir, Sources sources, List<Problem> problems) {
        ServiceMapper mapper = new ServiceMapper(dir);
        GlobalsDraft globals = GlobalsDraft.SILENT;
        ServiceDraft defaults = ServiceDraft.SILENT;
        List<ServiceDraft> drafts = new ArrayList<>();
        Set<String> unparsed = new HashSet<>();
        Document globalsFile = sources.globals();
        if (globalsFile != null && globalsFile.parsed()) {
            TableReader root = TableReader.root(globalsFile.file(), globalsFile.root(), problems);
            root.allowOnly(GLOBAL_KEYS, Set.of());
            globals = globals(root, dir);
            TableReader defaultsTable = root.table("defaults");
            if (defaultsTable != null) defaults = mapper.defaults(defaultsTable);
            TableReader servicesTable = root.table("services");
            if (servicesTable != null) {
                for (String name : servicesTable.keys()) {
                    TableReader service = servicesTable.table(name);
                    if (service == null) continue;
                    drafts.add(
                            mapper.service(new Located<>(name, service.origin().withKey("")), service));
                }
            }
        }
        for (Document file : sources.services()) {
            String fileName = file.file().getFileName().toString();
            String name = fileName.substring(0, fileName.length() - ConfigFolder.SERVICE_SUFFIX.length());
            if (!file.parsed()) {
                unparsed.add(name);
                continue;
            }
            Located<String> located = new Located<>(name, Origin.startOf(file.file()));
            drafts.add(mapper.service(located, TableReader.root(file.file(), file.root(), problems)));
        }
        return new Declarations(
                givenDir, globals, defaults, drafts, sources.complete(), sources.namesKnown(), unparsed);
    }

    private static GlobalsDraft globals(TableReader root, Path dir) {
        return new GlobalsDraft(
                root.get(
                        "runtime_dir",
                        "a path string",
                        v -> v instanceof String s ? ServiceMapper.resolve(dir, s) : null),
                root.get("log_max_size", "a size like \"10MB\" or a number of bytes", Mapper::size),
                root.get("log_keep", "an integer", TableReader.INTEGER),
                root.get(
                        "plugins_dir",
                        "a path string",
                        v -> v instanceof String s ? ServiceMapper.resolve(dir, s) : null),
                root.get("hook_timeout", ServiceMapper.A_DURATION, ServiceMapper::duration),
                root.get("hook_statements", "an integer", TableReader.INTEGER));
    }

    private static Long size(Object value) {
        return switch (value) {
            case Long bytes -> bytes;
            case String text -> Sizes.parse(text);
            default -> null;
        };
    }
}
