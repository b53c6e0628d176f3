package dev.vigil.dsl.js;

/**
 * What went wrong in a script, for people: {@code hooks/ready.js:3: ReferenceError: x is not
 * defined}.
 *
 * @param file the script as the config folder names it ({@code hooks/ready.js}), or {@code expr}
 * @param line the line, from 1, or 0 when unknown
 */
public record JsError(String file, int line, String message) {

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }
}
