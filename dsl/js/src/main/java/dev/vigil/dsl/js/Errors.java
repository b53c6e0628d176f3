package dev.vigil.dsl.js;

import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SourceSection;

/** Turns what GraalJS throws into one {@link JsError} line with the script's file and line. */
final class Errors {

    private static final int MAX_MESSAGE = 300;

    private Errors() {}

    /**
     * The error {@code e} stands for.
     *
     * @param file the name used when {@code e} has no location in a script
     * @param cancelled why the watchdog cancelled the call, or null
     */
    static JsError of(PolyglotException e, String file, String cancelled, long statements) {
        SourceSection at = location(e);
        String where = at == null ? file : at.getSource().getName();
        int line = at == null ? 0 : at.getStartLine();
        String message;
        boolean limit = false;
        if (cancelled != null) {
            message = cancelled;
            limit = true;
        } else if (e.isResourceExhausted() && String.valueOf(e.getMessage()).contains("Statement count limit")) {
            message = "statement limit of " + statements + " exceeded";
            limit = true;
        } else if (e.isSyntaxError()) {
            message = syntax(e.getMessage());
        } else if (e.isHostException()) {
            Throwable host = e.asHostException();
            message = host.getMessage() == null ? host.getClass().getSimpleName() : host.getMessage();
        } else if (e.isInternalError()) {
            message = "internal error: " + e.getMessage();
        } else if (e.isCancelled()) {
            message = "cancelled";
        } else {
            message = e.getMessage() == null ? "error" : e.getMessage();
        }
        return new JsError(where, line, shorten(message), limit);
    }

    /** The first frame in a script (not a builtin, not the host): where people should look. */
    private static SourceSection location(PolyglotException e) {
        SourceSection at = e.getSourceLocation();
        if (inScript(at)) return at;
        for (PolyglotException.StackFrame f : e.getPolyglotStackTrace()) {
            if (f.isGuestFrame() && inScript(f.getSourceLocation())) return f.getSourceLocation();
        }
        return null;
    }

    private static boolean inScript(SourceSection s) {
        return s != null && s.isAvailable() && !s.getSource().isInternal() && !s.getSource().getName().startsWith("<");
    }

    /** GraalJS writes {@code SyntaxError: FILE:L:C Expected ...} and the source line: keep the words. */
    private static String syntax(String raw) {
        String first = raw == null ? "" : raw.lines().findFirst().orElse("");
        return "SyntaxError: " + first.replaceFirst("^SyntaxError: ", "").replaceFirst("^\\S+:\\d+:\\d+ ", "");
    }

    static String shorten(String s) {
        String one = s.replace('\n', ' ');
        return one.length() <= MAX_MESSAGE ? one : one.substring(0, MAX_MESSAGE) + "...";
    }
}
