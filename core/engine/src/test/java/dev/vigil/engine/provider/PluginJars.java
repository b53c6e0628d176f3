package dev.vigil.engine.provider;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.engine.spi.ProbeProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds plugin jars inside a test, the way a third party would: Java sources compiled with the
 * system compiler against the SPI alone, then jarred with their {@code META-INF/services} entry.
 */
final class PluginJars {

    private PluginJars() {}

    /** Where the SPI's classes are on the test class path (its jar, or its classes folder in a reactor build). */
    static Path spiClasses() {
        return codeSource(ProbeProvider.class);
    }

    static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compiles every {@code .java} under {@code sources} into {@code classes}, against {@code classpath} only. */
    static void compile(Path sources, Path classes, List<Path> classpath) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertTrue(javac != null, "the tests need a JDK, not a JRE");
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-proc:none", "-Xlint:none"));
        args.add("-classpath");
        args.add(String.join(java.io.File.pathSeparator, classpath.stream().map(Path::toString).toList()));
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(p -> p.toString().endsWith(".java")).map(Path::toString).sorted().forEach(args::add);
        }
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, args.toArray(String[]::new));
        assertTrue(rc == 0, "javac failed:\n" + diagnostics.toString(StandardCharsets.UTF_8));
    }

    /** Writes {@code sources} (class name to source text) under {@code work}, compiles them against the SPI and jars them. */
    static Path plugin(Path work, Path jar, Map<String, String> sources, String... providers) throws IOException {
        Path src = Files.createDirectories(work.resolve("src-" + jar.getFileName()));
        Path classes = Files.createDirectories(work.resolve("classes-" + jar.getFileName()));
        for (var e : sources.entrySet()) {
            Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
        }
        compile(src, classes, List.of(spiClasses()));
        Path services = classes.resolve(PluginFolder.SERVICES);
        Files.createDirectories(services.getParent());
        Files.writeString(services, "# providers\n" + String.join("\n", providers) + "\n");
        return jar(jar, classes);
    }

    /** Jars every file under each of {@code roots} (mode 0644); names must not repeat across roots. */
    static Path jar(Path jar, Path... roots) throws IOException {
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (Path root : roots) {
                if (!Files.isDirectory(root)) continue;
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        out.putNextEntry(new JarEntry(root.relativize(f).toString().replace('\\', '/')));
                        Files.copy(f, out);
                        out.closeEntry();
                    }
                }
            }
        }
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
        return jar;
    }

    /** A plugins folder (mode 0755) with sub-folders {@code names} (0755 too). */
    static Path pluginsDir(Path root, String... names) throws IOException {
        Path dir = Files.createDirectories(root.resolve("plugins"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String name : names) {
            Path sub = Files.createDirectories(dir.resolve(name));
            Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return dir;
    }

    /**
     * A provider of {@code kind} in package {@code pkg}: its constructor runs {@code constructorBody}, it
     * says it was built against {@code spiVersion}, and its probe answers {@code Ready} with a detail
     * telling what the plugin can see: {@code supervisor=... slf4j=... spi=... http=... tccl=...}.
     */
    static Map<String, String> provider(String pkg, String kind, int spiVersion, String constructorBody) {
        String source = """
                package PKG;

                import dev.vigil.engine.spi.Probe;
                import dev.vigil.engine.spi.ProbeConfig;
                import dev.vigil.engine.spi.ProbeContext;
                import dev.vigil.engine.spi.ProbeProvider;
                import dev.vigil.engine.spi.ProbeResult;
                import java.util.List;

                public final class Provider implements ProbeProvider {
                    public Provider() {
                        CTOR
                    }

                    @Override public String kind() { return "KIND"; }

                    @Override public int spiVersion() { return VERSION; }

                    @Override
                    public Probe create(ProbeConfig config, ProbeContext context) {
                        return deadline -> new ProbeResult.Ready(List.of(),
                                "supervisor=" + visible("dev.vigil.engine.supervise.Supervisor")
                                + " slf4j=" + visible("org.slf4j.Logger")
                                + " spi=" + visible("dev.vigil.engine.spi.ProbeResult")
                                + " http=" + visible("java.net.http.HttpClient")
                                + " tccl=" + (Thread.currentThread().getContextClassLoader() == Provider.class.getClassLoader()));
                    }

                    static String visible(String name) {
                        try {
                            Class.forName(name);
                            return "loaded";
                        } catch (ClassNotFoundException e) {
                            return "ClassNotFoundException";
                        }
                    }
                }
                """.replace("PKG", pkg).replace("KIND", kind).replace("VERSION", Integer.toString(spiVersion)).replace("CTOR", constructorBody);
        return Map.of(pkg + ".Provider", source);
    }
}
