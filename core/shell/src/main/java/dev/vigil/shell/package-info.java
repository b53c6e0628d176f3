/**
 * The {@code vigil} program: the picocli command model shared by the CLI (and, later, the REPL),
 * the daemon's composition root ({@link dev.vigil.shell.Daemon}), rendering for terminals. Depends
 * on {@code api}, {@code dsl.toml} and the engine.
 */
package dev.vigil.shell;
