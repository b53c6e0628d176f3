/**
 * The {@code vigil} program: the picocli command model shared by the CLI ({@link dev.vigil.shell.Main})
 * and the JLine shell ({@code Repl}, {@code ShellRoot}: the same command classes), the daemon's
 * composition root ({@link dev.vigil.shell.Daemon}), rendering for terminals. Depends on {@code
 * api}, {@code dsl.toml} and the engine; JLine only on the shell's path.
 */
package dev.vigil.shell;
