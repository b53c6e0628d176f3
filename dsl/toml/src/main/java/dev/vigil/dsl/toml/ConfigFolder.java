package dev.vigil.dsl.toml;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * The parse step: finds the files of a config folder and parses each, reporting TOML syntax errors.
 *
 * <p>A file with syntax errors reports only those: what tomlj makes of the rest of it is a guess,
 * and problems derived from a guess (a "missing" command on a line that did not parse) would bury
 * the real one. The other files are read regardless.
 */
final class ConfigFolder {

    static final String GLOBALS_FILE = "vigil.toml";
    static final String SERVICES_DIR = "services";
    static final String SERVICE_SUFFIX = ".toml";

    private ConfigFolder() {}

    /**
     * One file; {@code root} is null when it could not be read or parsed (its problems are reported).
     */
    record Document(Path file, TomlTable root) {

        boolean parsed() {
            return root != null;
        }
    }

    /**
     * The folder's files.
     *
     * @param globals {@code vigil.toml}, or null if there is none
     * @param services {@code services/*.toml}, sorted by file name
     * @param listed false when the folder (or {@code services/}) could not be listed
     */
    record Sources(Document globals, List<Document> services, boolean listed) {

        static final Sources NONE = new Sources(null, List.of(), false);

        /**
         * Whether the name of every service is known, even if not all of them parsed: every file is
         * listed and {@code vigil.toml}, which may declare any name, parsed. A service file that did
         * not parse still names its service.
         */
        boolean namesKnown() {
            return listed && (globals == null || globals.parsed());
        }

        /** Whether every file there is was read and parsed, so that what they declare is known. */
        boolean complete() {
            return listed
                    && (globals == null || globals.parsed())
                    && services.stream().allMatch(Document::parsed);
        }
    }

    /** Reads and parses every file of {@code dir}, adding what is wrong to {@code problems}. */
    static Sources read(Path dir, List<Problem> problems) {
        if (!Files.exists(dir)) {
            problems.add(new Problem(dir, 0, 0, "config folder does not exist"));
            return Sources.NONE;
        }
        if (!Files.isDirectory(dir)) {
            problems.add(new Problem(dir, 0, 0, "not a folder: a config is a folder with vigil.toml and services/"));
            return Sources.NONE;
        }
        Path globalsFile = dir.resolve(GLOBALS_FILE);
        Document globals = Files.exists(globalsFile) ? parse(globalsFile, problems) : null;
        Path servicesDir = dir.resolve(SERVICES_DIR);
        if (!Files.exists(servicesDir)) return new Sources(globals, List.of(), true);
        if (!Files.isDirectory(servicesDir)) {
            problems.add(new Problem(servicesDir, 0, 0, "not a folder: services/ holds one NAME.toml per service"));
            return new Sources(globals, List.of(), false);
        }
        List<Document> services = serviceFiles(servicesDir, problems);
        return new Sources(globals, services == null ? List.of() : services, services != null);
    }

    /** The parsed service files, or null if the folder cannot be listed. */
    private static List<Document> serviceFiles(Path servicesDir, List<Problem> problems) {
        List<Path> files;
        try (Stream<Path> listing = Files.list(servicesDir)) {
            files = listing.filter(f -> f.getFileName().toString().endsWith(SERVICE_SUFFIX))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            problems.add(new Problem(servicesDir, 0, 0, "cannot list: " + e));
            return null;
        }
        List<Document> documents = new ArrayList<>();
        for (Path file : files) documents.add(parse(file, problems));
        return documents;
    }

    private static Document parse(Path file, List<Problem> problems) {
        String text;
        try {
            text = Files.readString(file);
        } catch (MalformedInputException e) {
            problems.add(new Problem(file, 1, 1, "not UTF-8 text"));
            return new Document(file, null);
        } catch (IOException e) {
            problems.add(new Problem(file, 1, 1, "cannot read: " + e));
            return new Document(file, null);
        }
        // Editors on some systems start UTF-8 files with a byte order mark, which tomlj rejects.
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        TomlParseResult result = Toml.parse(text);
        if (!result.hasErrors()) return new Document(file, result);
        for (TomlParseError error : result.errors()) {
            problems.add(Origin.at(file, error.position(), "").problem("invalid TOML: " + error.getMessage()));
        }
        return new Document(file, null);
    }
}
