package dev.vigil.engine.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * The SPI imports {@code java.*} only: a plugin compiles against this jar alone and runs in a class
 * loader that sees nothing else of vigil. A failure here fails the build.
 */
class SpiImportsTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(?:static\\s+)?([\\w.*]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

    @Test
    void spiSources_importNothingButJava() throws IOException {
        List<String> offences = new ArrayList<>();
        for (Path f : sources()) {
            Matcher m = IMPORT.matcher(Files.readString(f));
            while (m.find()) {
                String imported = m.group(1);
                boolean allowed = imported.startsWith("java.") || imported.startsWith("dev.vigil.engine.spi.");
                if (!allowed) offences.add(SOURCES.relativize(f) + ": import " + imported);
            }
        }
        assertEquals(List.of(), offences, "the SPI may import java.* only");
    }

    @Test
    void spiSources_areAllInTheSpiPackage() throws IOException {
        List<String> offences = new ArrayList<>();
        for (Path f : sources()) {
            Matcher m = PACKAGE.matcher(Files.readString(f));
            String pkg = m.find() ? m.group(1) : "(none)";
            if (!pkg.equals("dev.vigil.engine.spi")) offences.add(SOURCES.relativize(f) + ": package " + pkg);
        }
        assertEquals(List.of(), offences, "the SPI jar holds one package");
    }

    @Test
    void theScanSeesTheSources() throws IOException {
        assertTrue(sources().size() >= 6, "the scan must cover the SPI's sources, found " + sources());
    }

    @Test
    void importPattern_catchesStaticAndWildcardImports() {
        Matcher m = IMPORT.matcher("import static org.slf4j.LoggerFactory.getLogger;\nimport org.tomlj.*;\n");
        assertTrue(m.find());
        assertEquals("org.slf4j.LoggerFactory.getLogger", m.group(1));
        assertTrue(m.find());
        assertEquals("org.tomlj.*", m.group(1));
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }
}
