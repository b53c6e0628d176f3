package dev.vigil.engine.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.engine.spi.ProbeConfigException;
import dev.vigil.engine.spi.ProbeResult;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/custom-probe} as a third party would use it: compiled on its own against the SPI
 * alone (nothing else of vigil on the class path), jarred with its resources, dropped into a plugins
 * folder and loaded by the registry.
 */
class CustomProbeExampleTest {

    private static final Path EXAMPLE = Path.of("../../examples/custom-probe");

    @TempDir
    Path tmp;

    @Test
    void fileFlag_buildsAgainstTheSpiAlone_andAnswersStartingWarmingReady() throws Exception {
        assertTrue(Files.isRegularFile(EXAMPLE.resolve("pom.xml")), "run from core/engine: " + EXAMPLE.toAbsolutePath());
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        PluginJars.compile(EXAMPLE.resolve("src/main/java"), classes, List.of(PluginJars.spiClasses()));
        Path plugins = PluginJars.pluginsDir(tmp, "file-flag");
        Path jar = PluginJars.jar(plugins.resolve("file-flag/vigil-probe-file-flag-1.0.0.jar"), classes, EXAMPLE.resolve("src/main/resources"));

        try (ProviderRegistry registry = ProviderRegistry.load(plugins, ClassLoader.getPlatformClassLoader())) {
            assertEquals(Set.of("file-flag"), registry.kinds());
            assertEquals(jar.toString(), registry.source("file-flag"));
            assertEquals(List.of(), registry.skipped());
            assertEquals(Set.of(), registry.sensitiveKeys("file-flag"));

            Path flag = tmp.resolve("flag");
            var config = MapProbeConfig.of(Map.of("kind", "file-flag", "path", flag.toString()));
            var context = new SimpleProbeContext("svc", InstantSource.system(), HttpClient.newHttpClient(), List.of());
            try (FencedProbe probe = FencedProbe.create(registry.provider("file-flag").orElseThrow(), config, context,
                    registry.loaderOf("file-flag"), Duration.ofSeconds(5))) {
                assertEquals(new ProbeResult.Starting("no flag file " + flag + " yet"), check(probe));

                Files.writeString(flag, "loading 40%\n");
                assertEquals(new ProbeResult.Warming("flag says loading 40%", 0.4), check(probe));

                Files.writeString(flag, "ready\n");
                assertEquals(new ProbeResult.Ready(List.of(), "flag says ready"), check(probe));
            }
        }
    }

    @Test
    void fileFlag_withoutAPath_isAConfigErrorAtPath() throws Exception {
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        PluginJars.compile(EXAMPLE.resolve("src/main/java"), classes, List.of(PluginJars.spiClasses()));
        Path plugins = PluginJars.pluginsDir(tmp, "file-flag");
        PluginJars.jar(plugins.resolve("file-flag/file-flag.jar"), classes, EXAMPLE.resolve("src/main/resources"));

        try (ProviderRegistry registry = ProviderRegistry.load(plugins, ClassLoader.getPlatformClassLoader())) {
            var context = new SimpleProbeContext("svc", InstantSource.system(), HttpClient.newHttpClient(), List.of());
            var e = assertThrows(ProbeConfigException.class, () -> FencedProbe.create(registry.provider("file-flag").orElseThrow(),
                    MapProbeConfig.of(Map.of("kind", "file-flag")), context, registry.loaderOf("file-flag"), Duration.ofSeconds(5)));
            assertEquals("path", e.key());
            assertEquals("is required: the flag file to read", e.getMessage());
        }
    }

    private static ProbeResult check(FencedProbe probe) throws Exception {
        return probe.check(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
    }
}
