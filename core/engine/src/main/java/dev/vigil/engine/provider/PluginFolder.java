package dev.vigil.engine.provider;

import dev.vigil.engine.spi.ProbeProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * Loads the providers of one {@code plugins_dir/NAME/} folder: every {@code *.jar} in it in one
 * {@link PluginClassLoader}, each jar's {@code META-INF/services/dev.vigil.engine.spi.ProbeProvider}
 * read the way {@link java.util.ServiceLoader} reads it, and each provider built on a fence (the
 * folder's loader as context loader, a time limit).
 *
 * <p>The services files are read per jar, rather than through one {@code ServiceLoader} over the
 * folder, so that a failure names the jar it came from. A jar that cannot be read or whose provider
 * cannot be built (a missing class, a throwing constructor, an Error) is one line in {@code skipped}
 * and contributes nothing; a provider built against another SPI version is one line and is left out.
 */
final class PluginFolder {

    static final String SERVICES = "META-INF/services/" + ProbeProvider.class.getName();

    private final Path folder;
    private final ClassLoader spiLoader;
    private final Duration limit;
    private final List<String> skipped;

    private PluginFolder(Path folder, ClassLoader spiLoader, Duration limit, List<String> skipped) {
        this.folder = folder;
        this.spiLoader = spiLoader;
        this.limit = limit;
        this.skipped = skipped;
    }

    /** What one folder gave: its providers, and its loader (null when no jar could be read). */
    record Loaded(List<LoadedProvider> providers, PluginClassLoader loader) {}

    /**
     * Loads {@code folder}'s providers, adding a line to {@code skipped} for each jar left out.
     *
     * @throws UnsafePluginsFolderException when a jar in it may be written by other users
     */
    static Loaded load(Path folder, ClassLoader spiLoader, Duration limit, List<String> skipped)
            throws ProviderLoadException {
        return new PluginFolder(folder, spiLoader, limit, skipped).load();
    }

    private Loaded load() throws ProviderLoadException {
        List<Path> jars = jars();
        List<Path> readable = new ArrayList<>();
        List<List<String>> providerNames = new ArrayList<>();
        for (Path jar : jars) {
            Modes.requireNotWritableByOthers(jar, "plugin jar");
            try {
                providerNames.add(providerNames(jar));
                readable.add(jar);
            } catch (IOException | RuntimeException e) {
                skip(jar, "not a readable jar (" + FencedProbe.describe(e) + ")");
            }
        }
        if (readable.isEmpty()) {
            if (jars.isEmpty()) skipped.add("plugin folder " + folder + " skipped: it has no *.jar");
            return new Loaded(List.of(), null);
        }
        PluginClassLoader loader = new PluginClassLoader(folder.getFileName().toString(), urls(readable), spiLoader);
        Fence fence = new Fence("plugin-" + folder.getFileName(), loader);
        try {
            List<LoadedProvider> providers = new ArrayList<>();
            for (int i = 0; i < readable.size(); i++) {
                if (!providerNames.get(i).isEmpty()) providers.addAll(build(fence, loader, readable.get(i), providerNames.get(i)));
            }
            if (!providers.isEmpty()) return new Loaded(List.copyOf(providers), loader);
        } finally {
            fence.close();
        }
        try {
            loader.close(); // nothing of this folder is used
        } catch (IOException e) {
            // only open jar files are released here; nothing to do about a failure
        }
        return new Loaded(List.of(), null);
    }

    private List<Path> jars() throws ProviderLoadException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new ProviderLoadException("cannot list plugin folder " + folder + ": " + FencedProbe.describe(e));
        }
    }

    /** The class names the jar's services file lists, as ServiceLoader reads them: UTF-8, {@code #} comments, duplicates once. */
    static List<String> providerNames(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            ZipEntry services = file.getEntry(SERVICES);
            if (services == null) return List.of(); // a library the plugin's provider uses
            Set<String> names = new LinkedHashSet<>();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(file.getInputStream(services), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    int hash = line.indexOf('#');
                    String name = (hash >= 0 ? line.substring(0, hash) : line).strip();
                    if (!name.isEmpty()) names.add(name);
                }
            }
            return List.copyOf(names);
        }
    }

    /** A jar's providers, built on the fence; none when any of them fails. */
    private List<LoadedProvider> build(Fence fence, ClassLoader loader, Path jar, List<String> names) {
        Fence.Call<Built> call = fence.run(() -> instantiate(loader, jar, names), limit);
        try {
            Built built = call.result().get();
            skipped.addAll(built.refused());
            return built.providers();
        } catch (ExecutionException e) {
            String why = switch (e.getCause()) {
                case JarFailure f -> f.getMessage();
                case Fence.LimitReached _ -> "its provider was not built within " + Durations.format(limit);
                case Throwable t -> FencedProbe.describe(t);
            };
            skip(jar, why);
        } catch (InterruptedException e) {
            call.abandon(new Fence.Closed());
            Thread.currentThread().interrupt();
            skip(jar, "interrupted while loading");
        }
        return List.of();
    }

    /** What a jar gave: its providers, and a line for each one refused for its SPI version. */
    private record Built(List<LoadedProvider> providers, List<String> refused) {}

    private static Built instantiate(ClassLoader loader, Path jar, List<String> names) throws JarFailure {
        List<LoadedProvider> built = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (String name : names) {
            ProbeProvider provider;
            String kind;
            int version;
            Set<String> sensitive;
            try {
                Class<?> type = Class.forName(name, false, loader);
                if (!ProbeProvider.class.isAssignableFrom(type)) throw new JarFailure("provider " + name + " does not implement " + ProbeProvider.class.getName());
                provider = (ProbeProvider) type.getConstructor().newInstance();
                kind = provider.kind();
                if (kind == null || kind.isBlank()) throw new JarFailure("provider " + name + " has an empty kind()");
                version = provider.spiVersion();
                sensitive = Set.copyOf(provider.sensitiveKeys());
            } catch (JarFailure e) {
                throw e;
            } catch (InvocationTargetException e) {
                throw new JarFailure("provider " + name + " threw in its constructor: " + FencedProbe.describe(e.getCause()));
            } catch (Throwable t) { // an Error too: NoClassDefFoundError, ExceptionInInitializerError, ...
                throw new JarFailure("provider " + name + ": " + FencedProbe.describe(t));
            }
            if (version != ProbeProvider.SPI_VERSION) {
                refused.add("provider " + name + " (kind \"" + kind + "\") in " + jar + " skipped: built against SPI version "
                        + version + ", this vigil has SPI version " + ProbeProvider.SPI_VERSION);
                continue;
            }
            built.add(new LoadedProvider(kind, provider, jar.toString(), loader, sensitive));
        }
        return new Built(built, refused);
    }

    /** Why a jar's providers could not be built, for its one line. */
    private static final class JarFailure extends Exception {
        JarFailure(String message) {
            super(message, null, false, false);
        }
    }

    private void skip(Path jar, String why) {
        skipped.add("plugin jar " + jar + " skipped: " + why);
    }

    private static URL[] urls(List<Path> jars) throws ProviderLoadException {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new ProviderLoadException("plugin jar " + jars.get(i) + " has no URL: " + e.getMessage());
            }
        }
        return urls;
    }

    /** Who may write a plugins folder: its owner only. */
    static final class Modes {

        private Modes() {}

        /** @throws UnsafePluginsFolderException when group or others may write {@code path} */
        static void requireNotWritableByOthers(Path path, String what) throws ProviderLoadException {
            Set<PosixFilePermission> perms;
            try {
                perms = Files.getPosixFilePermissions(path);
            } catch (UnsupportedOperationException e) {
                return; // not a POSIX file system: nothing to check against
            } catch (IOException e) {
                throw new ProviderLoadException("cannot read the mode of " + what + " " + path + ": " + FencedProbe.describe(e));
            }
            if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new UnsafePluginsFolderException(path, what + " " + path + " is writable by other users (mode "
                        + mode(path, perms) + "); chmod go-w it");
            }
        }

        /** {@code 0777}, {@code 1777} with the sticky bit when the file system tells. */
        private static String mode(Path path, Set<PosixFilePermission> perms) {
            try {
                if (Files.getAttribute(path, "unix:mode") instanceof Integer m) return String.format("0%o", m & 07777);
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                // fall back on the nine permission bits
            }
            int bits = 0;
            for (PosixFilePermission p : perms) bits |= 1 << (8 - p.ordinal());
            return String.format("0%o", bits);
        }
    }
}
