package dev.vigil.shell;

/** The {@code -o} formats of query verbs. */
enum Output {
    table,
    json
}
