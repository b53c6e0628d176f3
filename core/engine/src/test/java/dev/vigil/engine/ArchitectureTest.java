package dev.vigil.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The arrows of DESIGN.md, checked on the sources: the engine imports nothing of the front ends. An
 * HTTP *client* (java.net.http) is allowed: probes speak HTTP to services.
 */
class ArchitectureTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/vigil/engine");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);
    private static final List<String> FORBIDDEN = List.of(
            "org.tomlj", "org.eclipse.jetty", "com.fasterxml", "org.jline", "picocli", "org.graalvm", "dev.vigil.api",
            "dev.vigil.shell", "dev.vigil.dsl", "com.sun.net.httpserver");

    @Test
    void engine_importsNothingOfTomlHttpJlineOrJs() throws IOException {
        List<String> offences = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = IMPORT.matcher(Files.readString(f));
                while (m.find()) {
                    String imported = m.group(1);
                    if (FORBIDDEN.stream().anyMatch(imported::startsWith)) offences.add(SOURCES.relativize(f) + ": " + imported);
                }
            }
        }
        assertEquals(List.of(), offences);
    }

    @Test
    void theCheckSeesTheSources() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            assertTrue(files.filter(p -> p.toString().endsWith(".java")).count() > 20, "the scan must cover the engine's sources");
        }
    }
}
