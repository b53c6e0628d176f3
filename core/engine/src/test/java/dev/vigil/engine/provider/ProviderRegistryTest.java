package dev.vigil.engine.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.engine.spi.ProbeResult;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderRegistryTest {

    private static final ClassLoader BUILT_INS = ProviderRegistryTest.class.getClassLoader();
    private static final ClassLoader NO_BUILT_INS = ClassLoader.getPlatformClassLoader();

    @TempDir
    Path tmp;

    @Test
    void builtIns_areFoundThroughServiceLoader() throws Exception {
        try (ProviderRegistry registry = ProviderRegistry.load(null, BUILT_INS)) {
            assertEquals(Set.of(TestBuiltinProvider.KIND), registry.kinds());
            assertInstanceOf(TestBuiltinProvider.class, registry.provider(TestBuiltinProvider.KIND).orElseThrow());
            assertEquals("built-in", registry.source(TestBuiltinProvider.KIND));
            assertSame(TestBuiltinProvider.class.getClassLoader(), registry.loaderOf(TestBuiltinProvider.KIND));
            assertEquals(Set.of("api_key", "token"), registry.sensitiveKeys(TestBuiltinProvider.KIND));
            assertEquals(List.of(), registry.skipped());
        }
    }

    @Test
    void missingPluginsDir_meansNoPlugins() throws Exception {
        try (ProviderRegistry registry = ProviderRegistry.load(tmp.resolve("no-such-folder"), BUILT_INS)) {
            assertEquals(Set.of(TestBuiltinProvider.KIND), registry.kinds());
            assertEquals(List.of(), registry.skipped());
        }
    }

    @Test
    void unknownKind_isEmpty_andItsSourceNamesTheKnownOnes() throws Exception {
        try (ProviderRegistry registry = ProviderRegistry.load(null, BUILT_INS)) {
            assertTrue(registry.provider("nope").isEmpty());
            var e = assertThrows(IllegalArgumentException.class, () -> registry.source("nope"));
            assertEquals("no probe provider of kind \"nope\"; known: [test-builtin]", e.getMessage());
        }
    }

    @Test
    void pluginFolder_isLoadedInALoaderOfItsOwn_thatSeesTheSpiAndTheJdkOnly() throws Exception {
        Path plugins = PluginJars.pluginsDir(tmp, "iso");
        Path jar = PluginJars.plugin(tmp, plugins.resolve("iso/iso.jar"), PluginJars.provider("p.iso", "iso", 1, ""), "p.iso.Provider");

        try (ProviderRegistry registry = ProviderRegistry.load(plugins, BUILT_INS)) {
            assertEquals(Set.of("iso", TestBuiltinProvider.KIND), registry.kinds());
            assertEquals(jar.toString(), registry.source("iso"));
            ClassLoader loader = registry.loaderOf("iso");
            assertInstanceOf(PluginClassLoader.class, loader);
            assertSame(loader, registry.provider("iso").orElseThrow().getClass().getClassLoader());
            assertSame(ClassLoader.getPlatformClassLoader(), loader.getParent());
            assertEquals(Set.of("api_key"), registry.sensitiveKeys("iso"), "the SPI's default");

            var config = new MapProbeConfig("iso", Map.of());
            var context = new SimpleProbeContext("svc", InstantSource.system(), HttpClient.newHttpClient(), List.of());
            try (FencedProbe probe = FencedProbe.create(registry.provider("iso").orElseThrow(), config, context, loader, Duration.ofSeconds(5))) {
                ProbeResult result = probe.check(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
                assertEquals(new ProbeResult.Ready(List.of(), "supervisor=ClassNotFoundException slf4j=ClassNotFoundException"
                        + " spi=loaded http=loaded tccl=true"), result);
            }
        }
    }

    @Test
    void pluginSharesTheSpiTypes_evenWhenItsJarBundlesThem() throws Exception {
        Path plugins = PluginJars.pluginsDir(tmp, "fat");
        Path classes = Files.createDirectories(tmp.resolve("fat-classes"));
        PluginJars.plugin(tmp, tmp.resolve("thin/fat.jar"), PluginJars.provider("p.fat", "fat", 1, ""), "p.fat.Provider");
        unzip(tmp.resolve("thin/fat.jar"), classes);
        Path spi = PluginJars.spiClasses();
        if (Files.isDirectory(spi)) {
            PluginJars.jar(plugins.resolve("fat/fat.jar"), classes, spi); // an SPI copy inside the plugin's jar
        } else {
            unzip(spi, classes);
            PluginJars.jar(plugins.resolve("fat/fat.jar"), classes);
        }
        try (var zip = new java.util.zip.ZipFile(plugins.resolve("fat/fat.jar").toFile())) {
            assertTrue(zip.getEntry("dev/vigil/engine/spi/ProbeProvider.class") != null);
        }

        try (ProviderRegistry registry = ProviderRegistry.load(plugins, NO_BUILT_INS)) {
            assertEquals(Set.of("fat"), registry.kinds());
            assertEquals(List.of(), registry.skipped());
        }
    }

    @Test
    void corruptJar_isOneLine_andTheOthersStillLoad() throws Exception {
        Path plugins = PluginJars.pluginsDir(tmp, "mixed", "other");
        Path bad = plugins.resolve("mixed/bad.jar");
        Files.write(bad, new byte[] {'P', 'K', 3, 4, 'n', 'o', 't', ' ', 'a', ' ', 'j', 'a', 'r'});
        Files.setPosixFilePermissions(bad, PosixFilePermissions.fromString("rw-r--r--"));
        PluginJars.plugin(tmp, plugins.resolve("mixed/good.jar"), PluginJars.provider("p.good", "good", 1, ""), "p.good.Provider");
        PluginJars.plugin(tmp, plugins.resolve("other/other.jar"), PluginJars.provider("p.other", "other", 1, ""), "p.other.Provider");

        try (ProviderRegistry registry = ProviderRegistry.load(plugins, NO_BUILT_INS)) {
            assertEquals(Set.of("good", "other"), registry.kinds());
            assertEquals(1, registry.skipped().size(), registry.skipped().toString());
            String line = registry.skipped().getFirst();
            assertTrue(line.startsWith("plugin jar " + bad + " skipped: not a readable jar ("), line);
        }
    }

    @Test
    void throwingConstructor_isOneLineNamingTheJar_andTheJarIsSkipped() throws Exception {
        Path plugins = PluginJars.pluginsDir(tmp, "boom", "fine");
        Path jar = PluginJars.plugin(tmp, plugins.resolve("boom/boom.jar"),
                PluginJars.provider("p.boom", "boom", 1, "throw new IllegalStateException(\"no config file\");"), "p.boom.Provider");
        PluginJars.plugin(tmp, plugins.resolve("fine/fine.jar"), PluginJars.provider("p.fine", "fine", 1, ""), "p.fine.Provider");

        try (ProviderRegistry registry = ProviderRegistry.load(plugins, NO_BUILT_INS)) {
            assertEquals(Set.of("fine"), registry.kinds());
            assertEquals(List.of("plugin jar " + jar + " skipped: provider p.boom.Provider threw in its constructor: "
                    + "IllegalStateException: no config file"), registry.skipped());
        }
    }

    @Test
    void providerThatNeedsVigilsSlf4j_failsWithNoClassDefFoundError_andIsSkipped() throws Exception {
        Path plugins = PluginJars.pluginsDir(tmp, "needy");
        Path src = Files.createDirectories(tmp.resolve("needy-src/p/needy"));
        Files.writeString(src.resolve("Provider.java"), PluginJars.provider("p.needy", "needy", 1,
                "org.slf4j.LoggerFactory.getLogger(Provider.class).info(\"hello\");").get("p.needy.Provider"));
        Path classes = Files.createDirectories(tmp.resolve("needy-classes"));
        // Compiles against slf4j (it is on the build's class path) but runs where only the SPI is shared.
        PluginJars.compile(tmp.resolve("needy-src"), classes,
                List.of(PluginJars.spiClasses(), PluginJars.codeSource(org.slf4j.LoggerFactory.class)));
        Files.createDirectories(classes.resolve(PluginFolder.SERVICES).getParent());
        Files.writeString(classes.resolve(PluginFolder.SERVICES), "p.needy.Provider\n");
        Path jar = PluginJars.jar(plugins.resolve("needy/needy.jar"), classes);

        try (ProviderRegistry registry = ProviderRegistry.load(plugins, NO_BUILT_INS)) {
            assertEquals(Set.of(), registry.kinds());
            assertEquals(List.of("plugin jar " + jar + " skipped: provider p.needy.Provider threw in its constructor: "
                    + "NoClassDefFoundError: org/slf4j/LoggerFactory"), registry.skipped());
        }
    }

    @Test
    void servicesEntryForAMissingClass_isOneLine() throws Exception {
        Path plugins = PluginJars.pluginsDir(tmp, "typo");
        Path jar = PluginJars.plugin(tmp, plugins.resolve("typo/typo.jar"), PluginJars.provider("p.typo", "typo", 1, ""), "p.typo.Providr");

        try (ProviderRegistry registry = ProviderRegistry.load(plugins, NO_BUILT_INS)) {
            assertEquals(Set.of(), registry.kinds());
            assertEquals(List.of("plugin jar " + jar + " skipped: provider p.typo.Providr: ClassNotFoundException: p.typo.Providr"),
                    registry.skipped());
        }
    }

    @Test
    void hangingConstructor_isSkippedAtTheLoadLimit() throws Exception {
        Path plugins = PluginJars.pluginsDir(tmp, "slow");
        Path jar = PluginJars.plugin(tmp, plugins.resolve("slow/slow.jar"), PluginJars.provider("p.slow", "slow", 1,
                "try { new java.util.concurrent.CountDownLatch(1).await(); } catch (InterruptedException e) { throw new RuntimeException(e); }"),
                "p.slow.Provider");

        try (ProviderRegistry registry = ProviderRegistry.load(plugins, NO_BUILT_INS, Duration.ofMillis(200))) {
            assertEquals(Set.of(), registry.kinds());
            assertEquals(List.of("plugin jar " + jar + " skipped: its provider was not built within 200ms"), registry.skipped());
        }
    }

    @Test
    void wrongSpiVersion_isSkipped_withBothVersions() throws Exception {
        Path plugins = PluginJars.pluginsDir(tmp, "future");
        Path jar = PluginJars.plugin(tmp, plugins.resolve("future/future.jar"), PluginJars.provider("p.future", "future", 2, ""), "p.future.Provider");

        try (ProviderRegistry registry = ProviderRegistry.load(plugins, BUILT_INS)) {
            assertEquals(Set.of(TestBuiltinProvider.KIND), registry.kinds());
            assertEquals(List.of("provider p.future.Provider (kind \"future\") in " + jar
                    + " skipped: built against SPI version 2, this vigil has SPI version 1"), registry.skipped());
        }
    }

    @Test
    void twoPluginsOfOneKind_isAStartupError_namingBothJars() throws Exception {
        Path plugins = PluginJars.pluginsDir(tmp, "a", "b");
        Path a = PluginJars.plugin(tmp, plugins.resolve("a/a.jar"), PluginJars.provider("p.a", "dup", 1, ""), "p.a.Provider");
        Path b = PluginJars.plugin(tmp, plugins.resolve("b/b.jar"), PluginJars.provider("p.b", "dup", 1, ""), "p.b.Provider");

        var e = assertThrows(ProviderConflictException.class, () -> ProviderRegistry.load(plugins, BUILT_INS));
        assertEquals("dup", e.kind());
        assertEquals("provider kind \"dup\" is defined twice: by " + a + " (p.a.Provider) and by " + b
                + " (p.b.Provider); remove one of them", e.getMessage());
    }

    @Test
    void pluginOfABuiltInKind_isAStartupError_namingBuiltInAndTheJar() throws Exception {
        Path plugins = PluginJars.pluginsDir(tmp, "shadow");
        Path jar = PluginJars.plugin(tmp, plugins.resolve("shadow/shadow.jar"),
                PluginJars.provider("p.shadow", TestBuiltinProvider.KIND, 1, ""), "p.shadow.Provider");

        var e = assertThrows(ProviderConflictException.class, () -> ProviderRegistry.load(plugins, BUILT_INS));
        assertEquals("provider kind \"test-builtin\" is defined twice: by built-in (" + TestBuiltinProvider.class.getName()
                + ") and by " + jar + " (p.shadow.Provider); remove one of them", e.getMessage());
    }

    @Test
    void worldWritablePluginsFolder_isRefused() throws Exception {
        Path plugins = PluginJars.pluginsDir(tmp);
        Files.setPosixFilePermissions(plugins, PosixFilePermissions.fromString("rwxrwxrwx"));

        var e = assertThrows(UnsafePluginsFolderException.class, () -> ProviderRegistry.load(plugins, BUILT_INS));
        assertEquals("plugins folder " + plugins + " is writable by other users (mode 0777); chmod go-w it", e.getMessage());
        assertEquals(plugins, e.path());
    }

    @Test
    void groupWritablePluginFolder_isRefused() throws Exception {
        Path plugins = PluginJars.pluginsDir(tmp, "shared");
        Files.setPosixFilePermissions(plugins.resolve("shared"), PosixFilePermissions.fromString("rwxrwxr-x"));

        var e = assertThrows(UnsafePluginsFolderException.class, () -> ProviderRegistry.load(plugins, BUILT_INS));
        assertEquals("plugin folder " + plugins.resolve("shared") + " is writable by other users (mode 0775); chmod go-w it",
                e.getMessage());
    }

    @Test
    void worldWritablePluginJar_isRefused() throws Exception {
        Path plugins = PluginJars.pluginsDir(tmp, "open");
        Path jar = PluginJars.plugin(tmp, plugins.resolve("open/open.jar"), PluginJars.provider("p.open", "open", 1, ""), "p.open.Provider");
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-rw-rw-"));

        var e = assertThrows(UnsafePluginsFolderException.class, () -> ProviderRegistry.load(plugins, BUILT_INS));
        assertEquals("plugin jar " + jar + " is writable by other users (mode 0666); chmod go-w it", e.getMessage());
    }

    @Test
    void aJarOutsideAFolder_andAFolderWithoutJars_areOneLineEach() throws Exception {
        Path plugins = PluginJars.pluginsDir(tmp, "empty");
        Path loose = PluginJars.plugin(tmp, plugins.resolve("loose.jar"), PluginJars.provider("p.loose", "loose", 1, ""), "p.loose.Provider");

        try (ProviderRegistry registry = ProviderRegistry.load(plugins, NO_BUILT_INS)) {
            assertEquals(Set.of(), registry.kinds());
            assertEquals(List.of(
                    loose + " ignored: a plugin goes in a folder of its own, " + plugins.resolve("NAME/loose.jar"),
                    "plugin folder " + plugins.resolve("empty") + " skipped: it has no *.jar"), registry.skipped());
        }
    }

    @Test
    void aPluginsPathThatIsAFile_isRefused() throws Exception {
        Path file = Files.writeString(tmp.resolve("plugins"), "");
        var e = assertThrows(ProviderLoadException.class, () -> ProviderRegistry.load(file, BUILT_INS));
        assertEquals("plugins folder " + file + " is not a folder", e.getMessage());
    }

    @Test
    void oneFolder_isOneLoader_acrossItsJars() throws Exception {
        Path plugins = PluginJars.pluginsDir(tmp, "pair");
        PluginJars.plugin(tmp, plugins.resolve("pair/one.jar"), PluginJars.provider("p.one", "one", 1, ""), "p.one.Provider");
        PluginJars.plugin(tmp, plugins.resolve("pair/two.jar"), PluginJars.provider("p.two", "two", 1, ""), "p.two.Provider");
        PluginJars.plugin(tmp, plugins.resolve("solo/solo.jar"), PluginJars.provider("p.solo", "solo", 1, ""), "p.solo.Provider");
        Files.setPosixFilePermissions(plugins.resolve("solo"), PosixFilePermissions.fromString("rwxr-xr-x"));

        try (ProviderRegistry registry = ProviderRegistry.load(plugins, NO_BUILT_INS)) {
            assertEquals(Set.of("one", "two", "solo"), registry.kinds());
            assertSame(registry.loaderOf("one"), registry.loaderOf("two"));
            assertNotSame(registry.loaderOf("one"), registry.loaderOf("solo"));
        }
    }

    private static void unzip(Path jar, Path into) throws IOException {
        try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
            for (var entry : java.util.Collections.list(zip.entries())) {
                if (entry.isDirectory() || entry.getName().startsWith("META-INF/MANIFEST")) continue;
                Path out = into.resolve(entry.getName());
                Files.createDirectories(out.getParent());
                try (var in = zip.getInputStream(entry)) {
                    Files.copy(in, out);
                }
            }
        }
    }
}
