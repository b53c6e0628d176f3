package dev.vigil.shell;

import dev.vigil.api.client.ControlClient;
import dev.vigil.api.client.SseReader;
import dev.vigil.api.json.Views;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vigil events}: the current state of every service, then every transition (of services and tasks) as it happens. */
@Command(name = "events", mixinStandardHelpOptions = true, description = "Show every service, then follow every state change live (Ctrl-C ends).")
final class EventsCommand implements Callable<Integer> {

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "table (default) or json: one JSON object per line.")
    Output output = Output.table;

    @Option(names = "--service", paramLabel = "NAME", completionCandidates = ServiceNames.class, description = "Only this service's events.")
    String service;

    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Render render = Screen.of(spec).render();
        String path = "/v1/events" + (service == null ? "" : "?service=" + Api.enc(service));
        try (ControlClient.Stream s = client.client().open("GET", path, null)) {
            if (s.status() >= 400) Api.check(new ControlClient.Response(s.status(), s.headers(), new String(s.body().readAllBytes())));
            SseReader sse = new SseReader(s.body());
            for (SseReader.Sse e = sse.next(); e != null; e = sse.next()) {
                if (e.event().equals("error")) {
                    out.flush();
                    spec.commandLine().getErr().println("vigil: " + Api.JSON.readTree(e.data()).at("/error/message").asText());
                    return ExitCodes.FAILED;
                }
                if (output == Output.json) {
                    out.println(e.data());
                } else if (e.event().equals("snapshot")) {
                    out.print(render.table(Api.JSON.readValue(e.data(), Views.Snapshot.class).services()));
                } else if (e.event().equals("transition")) {
                    out.println(render.eventLine(Api.JSON.readValue(e.data(), Views.EventView.class)));
                } else if (e.event().equals("task")) {
                    out.println(render.taskLine(Api.JSON.readValue(e.data(), Views.TaskEventView.class)));
                }
                out.flush();
            }
        }
        return ExitCodes.OK;
    }
}
