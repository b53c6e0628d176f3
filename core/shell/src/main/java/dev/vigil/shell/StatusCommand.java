package dev.vigil.shell;

import dev.vigil.api.json.Views;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vigil status [NAME] [-o json]}. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show every service (or one) with its state, pid, restarts and reason.")
final class StatusCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", completionCandidates = ServiceNames.class, description = "One service (default: all).")
    String name;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "table (default) or json.")
    Output output = Output.table;

    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Api api = new Api(client.client());
        if (output == Output.json) {
            spec.commandLine().getOut().println(api.get(name == null ? "/v1/services" : "/v1/services/" + Api.enc(name)).body());
            return ExitCodes.OK;
        }
        List<Views.Service> services = name == null ? api.services() : List.of(api.service(name));
        spec.commandLine().getOut().print(Screen.of(spec).render().table(services));
        return ExitCodes.OK;
    }
}
