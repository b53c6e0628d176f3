package dev.vigil.shell;

import dev.vigil.api.client.ControlClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil logs NAME [-f] [-n N]}: a service's output, from its log file. */
@Command(name = "logs", mixinStandardHelpOptions = true, description = "Print the last lines of a service's output; -f follows it live.")
final class LogsCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "The service.")
    String name;

    @Option(names = {"-f", "--follow"}, description = "Keep printing what the service writes (Ctrl-C ends).")
    boolean follow;

    @Option(names = {"-n", "--lines"}, paramLabel = "N", description = "How many lines from the end (default 100).")
    int lines = 100;

    @Option(names = "--child", paramLabel = "CHILD", description = "Which child of a multi-child service (default: the first).")
    String child;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() throws Exception {
        String path = "/v1/services/" + Api.enc(name) + "/logs?n=" + lines + (follow ? "&follow=true" : "")
                + (child == null ? "" : "&child=" + Api.enc(child));
        try (ControlClient.Stream s = client.client().open("GET", path, null)) {
            if (s.status() >= 400) Api.check(new ControlClient.Response(s.status(), s.headers(), new String(s.body().readAllBytes())));
            InputStream in = s.body();
            OutputStream out = System.out;
            byte[] buf = new byte[8192];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                out.write(buf, 0, n);
                out.flush();
            }
        }
        return ExitCodes.OK;
    }
}
