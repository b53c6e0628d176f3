package dev.vigil.shell;

import dev.vigil.api.json.Views;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vigil adopt NAME}: take over a service that already runs outside vigil. */
@Command(name = "adopt", mixinStandardHelpOptions = true,
        description = "Adopt an OFFLINE service that already runs outside vigil (its provider answers): watch it instead of starting a second one.")
final class AdoptCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", completionCandidates = ServiceNames.class, description = "The service (it needs a [provider]).")
    String name;

    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Api api = new Api(client.client());
        Views.Service s = Api.JSON.readValue(api.post("/v1/services/" + Api.enc(name) + "/adopt").body(), Views.Service.class);
        if (s.state().equals("OFFLINE")) {
            spec.commandLine().getOut().println(name + ": nothing to adopt (its provider does not find it running)");
            return ExitCodes.FAILED;
        }
        spec.commandLine().getOut().println(name + ": " + s.state() + (s.reason() == null ? "" : ": " + s.reason()));
        return ExitCodes.OK;
    }
}
