package dev.vigil.shell;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.IntSupplier;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Where a command's output lands: whether it may use color and how wide it is. In the REPL the
 * JLine terminal answers; on the command line, the process's own stdin/stdout.
 *
 * <p>Color only on a terminal, and never when {@code NO_COLOR} is set to a non-empty value
 * (no-color.org). A width of 0 means unknown (not a terminal): nothing is cut to fit.
 */
final class Screen {

    private final boolean color;
    private final IntSupplier width;

    Screen(boolean color, IntSupplier width) {
        this.color = color;
        this.width = width;
    }

    boolean color() {
        return color;
    }

    /** Columns of the terminal, or 0 when not a terminal. Asked each time (a terminal can be resized). */
    int width() {
        return width.getAsInt();
    }

    Render render() {
        return new Render(color, Instant.now(), width);
    }

    /** The screen of the command being run: the REPL's terminal, or this process's stdout. */
    static Screen of(CommandSpec spec) {
        return spec.root().userObject() instanceof ShellRoot shell ? shell.screen() : detect();
    }

    static boolean noColor() {
        String v = System.getenv("NO_COLOR");
        return v != null && !v.isEmpty();
    }

    /** This process's stdout, as the CLI sees it. */
    static Screen detect() {
        boolean tty = System.console() != null && System.console().isTerminal();
        return new Screen(tty && !noColor(), tty ? Screen::terminalColumns : () -> 0);
    }

    /**
     * {@code $COLUMNS}, else what {@code stty size} says of the controlling terminal (~15 ms, and
     * only when a person looks at the output: JLine or an FFM ioctl cost a cold CLI far more).
     */
    private static int terminalColumns() {
        try {
            String env = System.getenv("COLUMNS");
            if (env != null && !env.isBlank()) return Integer.parseInt(env.trim());
        } catch (NumberFormatException ignored) {
            // ask the terminal
        }
        try {
            Process p = new ProcessBuilder("stty", "size").redirectInput(ProcessBuilder.Redirect.from(new File("/dev/tty")))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String[] rowsCols = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim().split("\\s+");
            return p.waitFor() == 0 && rowsCols.length == 2 ? Integer.parseInt(rowsCols[1]) : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
