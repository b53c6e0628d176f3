package dev.vigil.engine.provider;

import dev.vigil.engine.spi.ProbeProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every probe provider vigil knows, by kind: the built-ins, found with {@link ServiceLoader}, and the
 * plugins of {@code plugins_dir}, one class loader per {@code plugins_dir/NAME/} folder.
 *
 * <p>{@link #load} runs once at start-up and fails only for what must stop vigil: a plugins folder,
 * plugin folder or plugin jar that group or others may write ({@link UnsafePluginsFolderException}),
 * two providers of one kind ({@link ProviderConflictException}), or a plugins folder it cannot read.
 * Anything else wrong with a plugin (a corrupt jar, a provider that throws while it is built, one
 * built against another SPI version) is one warning line, kept in {@link #skipped}, and that jar or
 * provider is left out. A missing or null {@code pluginsDir} means no plugins. Immutable and
 * thread-safe once loaded; {@link #close} closes the plugin loaders.
 *
 * <pre>{@code
 * ProviderRegistry providers = ProviderRegistry.load(Path.of("/etc/vigil/plugins"), Vigil.class.getClassLoader());
 * ProbeProvider llama = providers.provider("llama-server").orElseThrow();
 * FencedProbe probe = FencedProbe.create(llama, config, context, providers.loaderOf("llama-server"), Duration.ofSeconds(5));
 * }</pre>
 */
public final class ProviderRegistry implements AutoCloseable {

    /** How long a plugin jar's providers may take to be built. */
    static final Duration LOAD_LIMIT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(ProviderRegistry.class);

    private final Map<String, LoadedProvider> byKind;
    private final List<String> skipped;
    private final List<PluginClassLoader> loaders;

    private ProviderRegistry(Map<String, LoadedProvider> byKind, List<String> skipped, List<PluginClassLoader> loaders) {
        this.byKind = Collections.unmodifiableMap(byKind);
        this.skipped = List.copyOf(skipped);
        this.loaders = List.copyOf(loaders);
    }

    /**
     * Finds the providers of {@code builtIns} and of the plugin folders in {@code pluginsDir}.
     *
     * @param pluginsDir the config's {@code plugins_dir}, or null for none
     * @param builtIns the loader whose {@code META-INF/services} name the built-in providers
     * @throws ProviderLoadException when vigil must not start with these plugins; the message says why
     */
    public static ProviderRegistry load(Path pluginsDir, ClassLoader builtIns) throws ProviderLoadException {
        return load(pluginsDir, builtIns, LOAD_LIMIT);
    }

    static ProviderRegistry load(Path pluginsDir, ClassLoader builtIns, Duration limit) throws ProviderLoadException {
        List<String> skipped = new ArrayList<>();
        List<LoadedProvider> found = new ArrayList<>(builtIns(builtIns, skipped));
        List<PluginClassLoader> loaders = new ArrayList<>();
        try {
            for (Path folder : pluginFolders(pluginsDir, skipped)) {
                PluginFolder.Loaded loaded = PluginFolder.load(folder, ProbeProvider.class.getClassLoader(), limit, skipped);
                if (loaded.loader() != null) loaders.add(loaded.loader());
                found.addAll(loaded.providers());
            }
            Map<String, LoadedProvider> byKind = byKind(found);
            skipped.forEach(line -> LOG.warn("{}", line));
            byKind.values().forEach(p -> LOG.info("probe provider {} from {}", p.kind(), p.source()));
            return new ProviderRegistry(byKind, skipped, loaders);
        } catch (ProviderLoadException | RuntimeException e) {
            loaders.forEach(ProviderRegistry::closeQuietly);
            throw e;
        }
    }

    private static List<LoadedProvider> builtIns(ClassLoader builtIns, List<String> skipped) {
        List<LoadedProvider> found = new ArrayList<>();
        Iterator<ProbeProvider> it = ServiceLoader.load(ProbeProvider.class, builtIns).iterator();
        // ServiceLoader goes on after an error "on a best effort basis"; the bound keeps a loop that never advances finite.
        for (int errors = 0; errors < 100; ) {
            try {
                if (!it.hasNext()) break;
                ProbeProvider p = it.next();
                if (p.spiVersion() != ProbeProvider.SPI_VERSION) {
                    skipped.add("built-in provider " + p.getClass().getName() + " skipped: built against SPI version "
                            + p.spiVersion() + ", this vigil has SPI version " + ProbeProvider.SPI_VERSION);
                    continue;
                }
                found.add(new LoadedProvider(p.kind(), p, LoadedProvider.BUILT_IN, p.getClass().getClassLoader(), Set.copyOf(p.sensitiveKeys())));
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                errors++;
                skipped.add("built-in provider skipped: " + FencedProbe.describe(e));
            }
        }
        return found;
    }

    /** The plugin folders, sorted; the plugins folder and each of them checked for their mode first. */
    private static List<Path> pluginFolders(Path pluginsDir, List<String> skipped) throws ProviderLoadException {
        if (pluginsDir == null || !Files.exists(pluginsDir)) return List.of();
        if (!Files.isDirectory(pluginsDir)) throw new ProviderLoadException("plugins folder " + pluginsDir + " is not a folder");
        PluginFolder.Modes.requireNotWritableByOthers(pluginsDir, "plugins folder");
        List<Path> folders = new ArrayList<>();
        try (Stream<Path> entries = Files.list(pluginsDir)) {
            for (Path entry : entries.sorted().toList()) {
                if (entry.getFileName().toString().startsWith(".")) continue;
                if (Files.isDirectory(entry)) {
                    PluginFolder.Modes.requireNotWritableByOthers(entry, "plugin folder");
                    folders.add(entry);
                } else {
                    skipped.add(entry + " ignored: a plugin goes in a folder of its own, "
                            + pluginsDir.resolve("NAME").resolve(entry.getFileName()));
                }
            }
        } catch (IOException e) {
            throw new ProviderLoadException("cannot list plugins folder " + pluginsDir + ": " + FencedProbe.describe(e));
        }
        return folders;
    }

    private static Map<String, LoadedProvider> byKind(List<LoadedProvider> found) throws ProviderConflictException {
        Map<String, LoadedProvider> byKind = new LinkedHashMap<>();
        for (LoadedProvider p : found) {
            LoadedProvider before = byKind.putIfAbsent(p.kind(), p);
            if (before != null) {
                throw new ProviderConflictException(p.kind(), "provider kind \"" + p.kind() + "\" is defined twice: by "
                        + before.origin() + " and by " + p.origin() + "; remove one of them");
            }
        }
        return byKind;
    }

    /** The provider of {@code kind}, if any. */
    public Optional<ProbeProvider> provider(String kind) {
        return Optional.ofNullable(byKind.get(kind)).map(LoadedProvider::provider);
    }

    /** Every kind known, sorted. */
    public Set<String> kinds() {
        return Collections.unmodifiableSet(new TreeSet<>(byKind.keySet()));
    }

    /**
     * Where {@code kind} came from: {@code built-in}, or the path of its plugin jar.
     *
     * @throws IllegalArgumentException for an unknown kind
     */
    public String source(String kind) {
        return entry(kind).source();
    }

    /**
     * The class loader calls to {@code kind} run under: its plugin folder's, or the built-ins' own.
     *
     * @throws IllegalArgumentException for an unknown kind
     */
    public ClassLoader loaderOf(String kind) {
        return entry(kind).loader();
    }

    /**
     * The keys of {@code kind}'s table to mask in every output, as the provider said when it was
     * loaded (so printing a config never calls into a plugin).
     *
     * @throws IllegalArgumentException for an unknown kind
     */
    public Set<String> sensitiveKeys(String kind) {
        return entry(kind).sensitiveKeys();
    }

    /** The warning lines of the load, one per jar or provider left out, in the order they were found. */
    public List<String> skipped() {
        return skipped;
    }

    private LoadedProvider entry(String kind) {
        LoadedProvider p = byKind.get(kind);
        if (p == null) throw new IllegalArgumentException("no probe provider of kind \"" + kind + "\"; known: " + kinds());
        return p;
    }

    /** Closes the plugin class loaders; probes of plugins must be closed first. */
    @Override
    public void close() {
        loaders.forEach(ProviderRegistry::closeQuietly);
    }

    private static void closeQuietly(PluginClassLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            LOG.debug("closing {}", loader.getName(), e);
        }
    }

    @Override
    public String toString() {
        return "ProviderRegistry" + kinds();
    }
}
