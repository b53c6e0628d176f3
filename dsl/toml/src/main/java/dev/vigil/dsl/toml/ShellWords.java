package dev.vigil.dsl.toml;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into argv the way a POSIX shell splits words, and does nothing else a shell
 * does.
 *
 * <p>Blanks (space, tab, newline) separate words. Inside single quotes every character is literal.
 * Inside double quotes a backslash escapes {@code " \ $ `} and joins lines; before any other
 * character it stays. Outside quotes a backslash makes the next character literal. {@code ''} is an
 * empty argument.
 *
 * <p>Nothing is expanded: {@code $HOME}, {@code ~} and {@code *.txt} reach the program as written.
 * An unquoted {@code | & ; < > ( )} or backquote is an error rather than an argument: a shell would
 * have piped, redirected or run something there, and silently passing {@code ">"} to the program
 * would hide the mistake. Whoever wants a shell writes {@code ["sh", "-c", "..."]}.
 */
final class ShellWords {

    private static final String SHELL_SYNTAX = "|&;<>()`";

    private ShellWords() {}

    /**
     * The words of {@code line}.
     *
     * @throws IllegalArgumentException with a message for people when a quote is not closed, the line
     *     ends in a lone backslash, or it uses shell syntax
     */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                if (inWord) words.add(word.toString());
                word.setLength(0);
                inWord = false;
                i++;
            } else if (c == '\'') {
                int close = line.indexOf('\'', i + 1);
                if (close < 0) throw unclosed(c, i);
                word.append(line, i + 1, close);
                inWord = true;
                i = close + 1;
            } else if (c == '"') {
                i = doubleQuoted(line, i, word);
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 == line.length()) throw new IllegalArgumentException("ends with a lone backslash");
                char next = line.charAt(i + 1);
                if (next != '\n') { // backslash-newline joins lines and is no character at all
                    word.append(next);
                    inWord = true;
                }
                i += 2;
            } else if (SHELL_SYNTAX.indexOf(c) >= 0) {
                throw new IllegalArgumentException(TomlText.quote(String.valueOf(c))
                        + " is shell syntax, which vigil does not run: quote it, or use [\"sh\", \"-c\", \"...\"]");
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) words.add(word.toString());
        return List.copyOf(words);
    }

    /** Appends the double-quoted text that opens at {@code open}; returns the index after it. */
    private static int doubleQuoted(String line, int open, StringBuilder word) {
        int i = open + 1;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '"') return i + 1;
            if (c == '\\' && i + 1 < line.length()) {
                char next = line.charAt(i + 1);
                if (next == '"' || next == '\\' || next == '$' || next == '`') {
                    word.append(next);
                } else if (next != '\n') {
                    word.append(c).append(next);
                }
                i += 2;
            } else {
                word.append(c);
                i++;
            }
        }
        throw unclosed('"', open);
    }

    private static IllegalArgumentException unclosed(char quote, int at) {
        return new IllegalArgumentException(
                "unbalanced quotes: the " + quote + " at character " + (at + 1) + " is never closed");
    }
}
