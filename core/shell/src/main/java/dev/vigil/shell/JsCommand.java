package dev.vigil.shell;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code vigil js EXPR}: evaluates a JS expression in the daemon's hook sandbox ({@code POST /v1/js})
 * and prints its value as JSON. A JS error prints its line and exits 2, as bad input does.
 */
@Command(name = "js", mixinStandardHelpOptions = true,
        description = {"Evaluate a JS expression in the daemon's sandbox and print its value as JSON.",
                "services() returns the service objects of `status -o json`, e.g.",
                "  vigil js 'services().filter(s => s.state == \"CRASHED\").map(s => s.name)'"})
final class JsCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "EXPR", description = "The expression (several words are joined with spaces).")
    List<String> expr;

    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String body = Api.JSON.writeValueAsString(Map.of("expr", String.join(" ", expr)));
        JsonNode result = Api.JSON.readTree(new Api(client.client()).post("/v1/js", body).body()).get("result");
        spec.commandLine().getOut().println(Api.JSON.writeValueAsString(result));
        return ExitCodes.OK;
    }
}
