package dev.vigil.shell;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What the supervisor runs on: a config folder and, optionally, where its runtime files live. */
final class ConfigOptions {

    @Parameters(index = "0", paramLabel = "DIR", description = "The config folder (vigil.toml and/or services/*.toml).")
    Path dir;

    @Option(names = "--runtime-dir", paramLabel = "DIR", description = "Where the socket, logs and state live (default: DIR/.vigil).")
    Path runtimeDir;
}
