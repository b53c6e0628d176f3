package dev.vigil.dsl.toml;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vigil.engine.model.ServiceSpec;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A config folder written file by file into a test's temporary directory, and loaded from there. */
final class TempConfig {

    private final Path dir;

    TempConfig(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** The absolute, normalized folder: what relative paths in the files resolve against. */
    Path abs() {
        return dir.toAbsolutePath().normalize();
    }

    TempConfig file(String relative, String text) {
        try {
            Path file = dir.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    TempConfig service(String name, String text) {
        return file("services/" + name + ".toml", text);
    }

    Config load() throws ConfigException {
        return ConfigLoader.load(dir);
    }

    ServiceSpec spec(String name) throws ConfigException {
        return load().services().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no service " + name));
    }

    /**
     * The problems of a load that must fail, each as {@code file:line:col: message} with the folder's
     * path (wherever it appears) cut, so that {@code services/web.toml:2:1: ...} reads as in the file.
     */
    List<String> problems() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir));
        if (!e.getMessage()
                .equals(String.join(
                        "\n", e.problems().stream().map(Problem::toString).toList()))) {
            fail("getMessage() is not one problem per line: " + e.getMessage());
        }
        return e.problems().stream()
                .map(p -> p.toString().replace(dir + File.separator, ""))
                .toList();
    }
}
