package dev.vigil.dsl.js;

/**
 * What went wrong in a script, for people: {@code hooks/ready.js:3: ReferenceError: x is not
 * defined}.
 *
 * @param file the script as the config folder names it ({@code hooks/ready.js}), or {@code expr}
 * @param line the line, from 1, or 0 when unknown
 * @param limit whether a limit of the sandbox ended the call (time, statements, memory): the costly
 *     kind of failure, which event hooks back off from
 */
public record JsError(String file, int line, String message, boolean limit) {

    /** An error of the script itself (a throw, a syntax error, a wrong answer). */
    public JsError(String file, int line, String message) {
        this(file, line, message, false);
    }

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }
}
