package dev.vigil.emulators;

import java.util.List;

/**
 * Entry point: {@code java -cp vigil-emulators.jar dev.vigil.emulators.Main KIND [flags]} with
 * KIND one of llama-server, kokoro, moonshine. A bad flag exits 2; SIGTERM exits 0.
 */
public final class Main {
    static final String USAGE = "Usage: emulator KIND --port PORT [flags]    (KIND: llama-server | kokoro | moonshine)\n"
            + "       emulator KIND --help                 (the flags of one kind)";

    private Main() {}

    public static void main(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            (args.length == 0 ? System.err : System.out).println(USAGE);
            System.exit(args.length == 0 ? 2 : 0);
        }
        List<String> rest = List.of(args).subList(1, args.length);
        Emulator e;
        try {
            Flags f = flags(args[0]);
            if (rest.contains("--help") || rest.contains("-h")) {
                System.out.print(f.help("Usage: emulator " + args[0] + " --port PORT [flags]"));
                System.exit(0);
            }
            e = create(List.of(args), false);
        } catch (Flags.UsageException u) {
            System.err.println("emulator: " + u.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        // SIGTERM / SIGINT run the shutdown hooks; every deliberate exit halts and skips them.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            e.log.info("signal received: exiting 0");
            e.log.flush();
            Runtime.getRuntime().halt(0);
        }));
        e.run();
        e.pacer.hangUntilClosed();
    }

    static Flags flags(String kind) {
        return switch (kind) {
            case "llama-server" -> LlamaServer.flags();
            case "kokoro" -> Kokoro.flags();
            case "moonshine" -> Moonshine.flags();
            default -> throw new Flags.UsageException("unknown kind '" + kind + "'");
        };
    }

    /** Parses {@code KIND flags...} and builds the emulator (not yet started). */
    static Emulator create(List<String> args, boolean inProcess) {
        if (args.isEmpty()) throw new Flags.UsageException("missing KIND");
        String kind = args.getFirst();
        Flags f = flags(kind).parse(args.subList(1, args.size()));
        return switch (kind) {
            case "llama-server" -> LlamaServer.create(f, inProcess);
            case "kokoro" -> new Kokoro(f, inProcess);
            default -> new Moonshine(f, inProcess);
        };
    }

    /** The real servers' default ports (PROVIDERS.md §1.4, §6.3, §6.4), for the --port message. */
    static int realPort(String kind, String flavor) {
        return switch (kind + " " + flavor) {
            case "kokoro fastapi" -> 8880;
            case "kokoro hal0" -> 8090;
            case "kokoro kokoros" -> 3000;
            case "moonshine hal0" -> 8089;
            case "moonshine speaches" -> 8000;
            default -> 8080;
        };
    }

    static Log log(String kind, String flavor, boolean inProcess) {
        String prefix = kind + "[" + flavor + "]";
        return inProcess ? Log.captured(prefix) : Log.console(prefix);
    }
}
