package dev.vigil.shell;

import static org.junit.jupiter.api.Assertions.*;

import dev.vigil.api.json.Views;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jline.reader.Candidate;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CompletionTest {

    private static final List<Views.Service> SERVICES = List.of(
            RenderTest.service("web", "READY", ""),
            RenderTest.service("worker", "READY", ""),
            new Views.Service("pair", "READY", 1L, List.of(new Views.Child("ui", "READY", 1L), new Views.Child("api", "READY", 2L)), null, 0,
                    null, null, null, null, null, List.of()));

    private final CommandLine cl = new ShellRoot(Path.of("/nowhere.sock"), null, false).commandLine(new PrintWriter(new StringWriter()),
            new CommandLine.IFactory() {
                @Override
                @SuppressWarnings("unchecked")
                public <K> K create(Class<K> cls) throws Exception {
                    if (cls == ServiceNames.class) return (K) new ServiceNames(() -> SERVICES);
                    if (cls == ServiceNames.Children.class) return (K) new ServiceNames.Children(() -> SERVICES);
                    return CommandLine.defaultFactory().create(cls);
                }
            });
    private final Completion completion = new Completion(cl);

    private Set<String> complete(String line) {
        List<String> words = Arrays.asList(line.split(" ", -1));
        String word = words.getLast();
        return completion.candidates(words, words.size() - 1, word).stream().map(Candidate::value).collect(Collectors.toSet());
    }

    @Test
    void firstWord_isEveryVerb_ofTheCliAndTheShell() {
        Set<String> verbs = complete("");
        assertTrue(verbs.containsAll(Set.of("status", "start", "stop", "restart", "adopt", "events", "logs", "exit", "clear", "help")), verbs.toString());
        assertFalse(verbs.contains("daemon") || verbs.contains("up") || verbs.contains("shell"), verbs.toString());
    }

    @Test
    void aServiceName_comesFromTheDaemon() {
        assertEquals(Set.of("web", "worker", "pair"), complete("status w"));
        assertEquals(Set.of("web", "worker", "pair"), complete("logs "));
        assertEquals(Set.of("web", "worker", "pair"), complete("adopt "));
    }

    @Test
    void aVerbOfManyNames_doesNotOfferThoseAlreadyGiven() {
        assertEquals(Set.of("worker", "pair"), complete("stop web "));
        assertEquals(Set.of("pair"), complete("restart --no-wait web worker "));
    }

    @Test
    void optionValues_withASpaceOrAnEqualsSign() {
        assertEquals(Set.of("web", "worker", "pair"), complete("events --service "));
        assertEquals(Set.of("--service=web", "--service=worker", "--service=pair"), complete("events --service="));
        assertEquals(Set.of("table", "json"), complete("status -o "));
        assertEquals(Set.of("table", "json"), complete("logs web -o "));
    }

    @Test
    void children_ofTheServiceOnTheLine() {
        assertEquals(Set.of("ui", "api"), complete("logs pair --child "));
        assertEquals(Set.of(), complete("logs web --child "));
    }

    @Test
    void options_ofTheVerb() {
        Set<String> options = complete("logs -");
        assertTrue(options.containsAll(Set.of("-f", "--follow", "-n", "--lines", "--child", "--socket", "-o", "--output")), options.toString());
    }

    @Test
    void afterAnOptionWithItsValue_thePositionalIsStillTheName() {
        assertEquals(Set.of("web", "worker", "pair"), complete("logs -n 5 "));
    }

    @Test
    void help_completesVerbs() {
        assertTrue(complete("help ").contains("status"));
    }

    @Test
    void theShell_runsTheSameCommandClasses_asTheCli() {
        Set<Class<?>> cli = Main.commandLine().getSubcommands().values().stream()
                .map(c -> c.getCommandSpec().userObject().getClass()).collect(Collectors.toSet());
        Set<Class<?>> shell = cl.getSubcommands().values().stream()
                .map(c -> c.getCommandSpec().userObject().getClass()).collect(Collectors.toSet());
        assertTrue(shell.containsAll(Main.clientVerbs()), shell.toString());
        assertTrue(cli.containsAll(Main.clientVerbs()), cli.toString());
    }

    @Test
    void socket_defaultsToTheAttachedDaemon() {
        cl.parseArgs("status");
        CommandLine status = cl.getSubcommands().get("status");
        assertEquals(Path.of("/nowhere.sock"), ((StatusCommand) status.getCommandSpec().userObject()).client.socketPath());
    }
}
