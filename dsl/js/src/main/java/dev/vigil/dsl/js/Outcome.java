package dev.vigil.dsl.js;

/** What one sandboxed call gave: a value, or the script's error. */
public sealed interface Outcome<T> {

    /** The call returned {@code value}. */
    record Done<T>(T value) implements Outcome<T> {}

    /** The call broke (a throw, a syntax error, a limit, a wrong answer). */
    record Broken<T>(JsError error) implements Outcome<T> {}
}
