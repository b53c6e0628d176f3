package dev.vigil.shell;

import dev.vigil.api.client.ControlClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vigil logs NAME [-f] [-n N] [-o json]}: a service's output, from its log file. */
@Command(name = "logs", mixinStandardHelpOptions = true, description = "Print the last lines of a service's output; -f follows it live.")
final class LogsCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", completionCandidates = ServiceNames.class, description = "The service.")
    String name;

    @Option(names = {"-f", "--follow"}, description = "Keep printing what the service writes (Ctrl-C ends).")
    boolean follow;

    @Option(names = {"-n", "--lines"}, paramLabel = "N", description = "How many lines from the end (default 100).")
    int lines = 100;

    @Option(names = "--child", paramLabel = "CHILD", completionCandidates = ServiceNames.Children.class, description = "Which child of a multi-child service (default: the first).")
    String child;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
            description = "table (default: the text as written) or json: one {\"service\", \"line\"} object per line.")
    Output output = Output.table;

    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String path = "/v1/services/" + Api.enc(name) + "/logs?n=" + lines + (follow ? "&follow=true" : "")
                + (child == null ? "" : "&child=" + Api.enc(child));
        try (ControlClient.Stream s = client.client().open("GET", path, null)) {
            if (s.status() >= 400) Api.check(new ControlClient.Response(s.status(), s.headers(), new String(s.body().readAllBytes())));
            if (output == Output.json) {
                jsonLines(s.body(), spec.commandLine().getOut());
                return ExitCodes.OK;
            }
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

    /** {@code {"service":"web","line":"..."}} per line ({@code "child"} too when asked for one). */
    private void jsonLines(InputStream in, PrintWriter out) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            Map<String, String> doc = new LinkedHashMap<>();
            doc.put("service", name);
            if (child != null) doc.put("child", child);
            doc.put("line", line);
            out.println(Api.JSON.writeValueAsString(doc));
            out.flush();
        }
    }
}
