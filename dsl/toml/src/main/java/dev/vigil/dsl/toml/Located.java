package dev.vigil.dsl.toml;

/**
 * A declared value and where it was written; for a default, where it applies (the declaration of
 * the service that inherits it), so that every value a validator sees can be pointed at.
 */
record Located<T>(T value, Origin origin) {}
