package dev.vigil.shell;

import dev.vigil.api.json.Views;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vigil task submit|show|list}: tasks by their stable ids. */
@Command(name = "task", mixinStandardHelpOptions = true, description = "Submit, show and list tasks (one-shot jobs with stable ids).",
        subcommands = {TaskCommand.Submit.class, TaskCommand.Show.class, TaskCommand.ListTasks.class})
final class TaskCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code vigil task submit ID TEMPLATE [NAME=VALUE...] [--wait]}. */
    @Command(name = "submit", mixinStandardHelpOptions = true,
            description = "Submit task ID from TEMPLATE: an unknown or FAILED id runs (run + 1), a RUNNING or COMPLETED one is shown as it is.")
    static final class Submit implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "ID", description = "The task's stable id, e.g. migrate:v3.")
        String id;

        @Parameters(index = "1", paramLabel = "TEMPLATE", description = "A [tasks.NAME] template.")
        String template;

        @Parameters(index = "2..*", paramLabel = "NAME=VALUE", description = "The template's params.")
        List<String> params = new ArrayList<>();

        @Option(names = "--wait", description = "Wait until the run ends; exit 1 if it FAILED.")
        boolean wait;

        @Option(names = "--timeout", paramLabel = "DURATION", description = "With --wait, wait at most this long (default 10m); exit 5 if still RUNNING.")
        String timeout;

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "table (default) or json.")
        Output output = Output.table;

        @Mixin
        ClientOptions client;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Map<String, String> values = new LinkedHashMap<>();
            for (String p : params) {
                int eq = p.indexOf('=');
                if (eq <= 0) throw new Main.CliException(ExitCodes.USAGE, "param \"" + p + "\": expected NAME=VALUE");
                values.put(p.substring(0, eq), p.substring(eq + 1));
            }
            String body = Api.JSON.writeValueAsString(Map.of("template", template, "params", values));
            String query = "?wait=" + wait + (timeout == null ? "" : "&timeout=" + Api.enc(timeout));
            String json = new Api(client.client()).put("/v1/tasks/" + Api.enc(id) + query, body).body();
            PrintWriter out = spec.commandLine().getOut();
            Views.Task t = Api.JSON.readValue(json, Views.Task.class);
            if (output == Output.json) out.println(json);
            else out.println(summary(t));
            out.flush();
            return switch (t.state()) {
                case "FAILED" -> ExitCodes.FAILED;
                case "RUNNING" -> wait ? ExitCodes.TIMEOUT : ExitCodes.OK;
                default -> ExitCodes.OK;
            };
        }
    }

    /** {@code vigil task show ID}. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one task: state, run, exit, timings and the last 50 lines of output.")
    static final class Show implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "ID", description = "The task's id.")
        String id;

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "table (default) or json.")
        Output output = Output.table;

        @Mixin
        ClientOptions client;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            String json = new Api(client.client()).get("/v1/tasks/" + Api.enc(id)).body();
            PrintWriter out = spec.commandLine().getOut();
            if (output == Output.json) out.println(json);
            else out.print(details(Api.JSON.readValue(json, Views.Task.class)));
            out.flush();
            return ExitCodes.OK;
        }
    }

    /** {@code vigil task list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List every task with its state, run and outcome.")
    static final class ListTasks implements Callable<Integer> {

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "table (default) or json.")
        Output output = Output.table;

        @Mixin
        ClientOptions client;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            String json = new Api(client.client()).get("/v1/tasks").body();
            PrintWriter out = spec.commandLine().getOut();
            if (output == Output.json) out.println(json);
            else out.print(table(Arrays.asList(Api.JSON.readValue(json, Views.Task[].class)), Instant.now()));
            out.flush();
            return ExitCodes.OK;
        }
    }

    /** {@code migrate:v3: COMPLETED (run 1, exit 0, 1.2s)}. */
    static String summary(Views.Task t) {
        StringBuilder sb = new StringBuilder(t.id()).append(": ").append(t.state()).append(" (run ").append(t.run());
        if (t.state().equals("RUNNING") && t.pid() != null) sb.append(", pid ").append(t.pid());
        if (t.exitCode() != null) sb.append(", exit ").append(t.exitCode());
        if (t.finishedAt() != null && t.startedAt() != null) sb.append(", ").append(Render.age(Instant.parse(t.startedAt()), Instant.parse(t.finishedAt())));
        sb.append(')');
        if (t.error() != null) sb.append(": ").append(t.error());
        return sb.toString();
    }

    static String details(Views.Task t) {
        StringBuilder sb = new StringBuilder();
        line(sb, "id", t.id());
        line(sb, "template", t.template());
        line(sb, "params", t.params().isEmpty() ? "-" : String.join(" ", t.params().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
        line(sb, "state", t.state());
        line(sb, "run", String.valueOf(t.run()));
        if (t.exitCode() != null || t.exitSignal() != null) line(sb, "exit", (t.exitCode() == null ? "-" : t.exitCode()) + (t.exitSignal() == null ? "" : " (signal " + t.exitSignal() + ")"));
        if (t.error() != null) line(sb, "error", t.error());
        if (t.pid() != null) line(sb, "pid", String.valueOf(t.pid()));
        line(sb, "submitted", t.submittedAt());
        line(sb, "started", t.startedAt());
        if (t.finishedAt() != null) line(sb, "finished", t.finishedAt());
        if (!t.output().isEmpty()) {
            sb.append("--- output (last ").append(t.output().size()).append(" lines) ---\n");
            t.output().forEach(l -> sb.append(l).append('\n'));
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(key).append(':').append(" ".repeat(Math.max(1, 11 - key.length()))).append(value).append('\n');
    }

    /** One line per task: ID, TEMPLATE, STATE, RUN, EXIT, AGE (since the run started), ERROR. */
    static String table(List<Views.Task> tasks, Instant now) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "TEMPLATE", "STATE", "RUN", "EXIT", "AGE", "ERROR"});
        for (Views.Task t : tasks) {
            rows.add(new String[] {t.id(), t.template(), t.state(), String.valueOf(t.run()), t.exitCode() == null ? "-" : String.valueOf(t.exitCode()),
                t.startedAt() == null ? "-" : Render.age(Instant.parse(t.startedAt()), now), t.error() == null ? "" : t.error()});
        }
        int[] w = new int[7];
        for (String[] r : rows) for (int i = 0; i < 7; i++) w[i] = Math.max(w[i], r[i].length());
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < 7; i++) line.append(r[i]).append(i == 6 ? "" : " ".repeat(w[i] - r[i].length() + 2));
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }
}
