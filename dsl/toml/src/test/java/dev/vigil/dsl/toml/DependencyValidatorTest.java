package dev.vigil.dsl.toml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.engine.model.Dependency;
import dev.vigil.engine.model.Dependency.Condition;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code depends_on}: what it builds, and every problem across files, each at its exact place. */
class DependencyValidatorTest {

    private static final String SLEEP = "command = [\"sleep\", \"1\"]\n";
    private static final String ONESHOT = SLEEP + "oneshot = true\n";

    @TempDir
    Path tmp;

    private TempConfig config;

    @BeforeEach
    void setUp() {
        config = new TempConfig(tmp);
    }

    // --- effects ------------------------------------------------------------------------------------

    @Test
    void silentService_dependsOnNothing() throws Exception {
        config.service("web", SLEEP);
        assertEquals(List.of(), config.spec("web").dependsOn());
    }

    @Test
    void everyCondition_inTheOrderWritten() throws Exception {
        config.service("db", SLEEP).service("migrate", ONESHOT).service("cache", SLEEP);
        config.service(
                "web", SLEEP + "depends_on = { db = \"ready\", migrate = \"completed\", cache = \"started\" }\n");
        assertEquals(
                List.of(
                        new Dependency("db", Condition.READY),
                        new Dependency("migrate", Condition.COMPLETED),
                        new Dependency("cache", Condition.STARTED)),
                config.spec("web").dependsOn());
    }

    @Test
    void acrossFiles_andAsAStandardTable() throws Exception {
        config.service("db", SLEEP + "depends_on = { setup = \"completed\" }\n");
        config.file("vigil.toml", "[services.setup]\n" + ONESHOT
                + "[services.web]\n" + SLEEP + "[services.web.depends_on]\ndb = \"ready\"\n");
        assertEquals(List.of(new Dependency("db", Condition.READY)), config.spec("web").dependsOn());
        assertEquals(List.of(new Dependency("setup", Condition.COMPLETED)), config.spec("db").dependsOn());
    }

    // --- problems -----------------------------------------------------------------------------------

    @Test
    void unknownName_namesTheNearestService() {
        config.service("db", SLEEP);
        config.service("web", SLEEP + "depends_on = { dbb = \"ready\" }\n");
        assertEquals(
                List.of("services/web.toml:2:16: depends_on: no service named \"dbb\" (did you mean \"db\"?)"),
                config.problems());
    }

    @Test
    void unknownName_withNothingNear_saysOnlyThatItIsUnknown() {
        config.service("web", SLEEP + "\ndepends_on = {  postgres = \"ready\" }\n");
        assertEquals(
                List.of("services/web.toml:3:17: depends_on: no service named \"postgres\""), config.problems());
    }

    @Test
    void unknownName_inVigilToml_isLedByTheFullKeyPath() {
        config.file(
                "vigil.toml", "[services.web]\n" + SLEEP + "depends_on = { dbb = \"ready\" }\n[services.db]\n" + SLEEP);
        assertEquals(
                List.of("vigil.toml:3:16: services.web.depends_on: no service named \"dbb\" (did you mean \"db\"?)"),
                config.problems());
    }

    @Test
    void unknownCondition_listsTheConditions() {
        config.service("db", SLEEP);
        config.service("web", SLEEP + "depends_on = { db = \"up\", x = 1 }\n");
        assertEquals(
                List.of(
                        "services/web.toml:2:16: depends_on.db: expected one of started, ready, completed, got \"up\"",
                        "services/web.toml:2:27: depends_on.x: expected one of started, ready, completed, got integer"),
                config.problems());
    }

    @Test
    void dependingOnItself_isAnError() {
        config.service("web", SLEEP + "depends_on = { web = \"started\" }\n");
        assertEquals(
                List.of("services/web.toml:2:16: depends_on: service \"web\" cannot wait for itself"),
                config.problems());
    }

    @Test
    void cycle_isOneProblem_namingItsServicesInOrder_atTheFirstOnesDependsOn() {
        config.service("a", SLEEP + "depends_on = { b = \"ready\" }\n");
        config.service("b", "\n" + SLEEP + "depends_on = { c = \"started\" }\n");
        config.service("c", SLEEP + "depends_on = { a = \"ready\" }\n");
        assertEquals(List.of("services/a.toml:2:1: depends_on: cycle a -> b -> c -> a"), config.problems());
    }

    @Test
    void cycles_oneProblemPerGroupOfServicesWaitingForEachOther_showingTheShortestCycle() {
        config.file("vigil.toml", """
                [services.x]
                command = "sleep 1"
                depends_on = { y = "ready" }
                [services.y]
                command = "sleep 1"
                depends_on = { x = "ready" }
                """);
        config.service("a", SLEEP + "depends_on = { b = \"ready\", c = \"ready\" }\n");
        config.service("b", SLEEP + "depends_on = { c = \"ready\" }\n");
        config.service("c", SLEEP + "depends_on = { a = \"ready\" }\n");
        assertEquals(
                List.of(
                        "services/a.toml:2:1: depends_on: cycle a -> c -> a",
                        "vigil.toml:3:1: services.x.depends_on: cycle x -> y -> x"),
                config.problems());
    }

    @Test
    void completed_onAServiceThatIsNotAOneshot_neverHolds() {
        config.service("db", SLEEP);
        config.service("web", SLEEP + "depends_on = { db = \"completed\" }\n");
        assertEquals(
                List.of("services/web.toml:2:16: depends_on.db: \"completed\" never holds: \"db\" is not a oneshot,"
                        + " so it does not complete (wait for \"ready\" or \"started\", or set oneshot = true in it)"),
                config.problems());
    }

    @Test
    void completed_onAOneshotFromDefaults_holds() throws Exception {
        config.file("vigil.toml", "[defaults]\noneshot = true\n");
        config.service("setup", SLEEP);
        config.service("web", SLEEP + "oneshot = false\ndepends_on = { setup = \"completed\" }\n");
        assertEquals(List.of(new Dependency("setup", Condition.COMPLETED)), config.spec("web").dependsOn());
    }

    @Test
    void aServiceFileThatDidNotParse_stillNamesItsService_othersAreUnknown() {
        config.service("db", "command = [\"sleep\"\n");
        config.service("web", SLEEP + "depends_on = { db = \"ready\", dbx = \"ready\" }\n");
        List<String> problems = config.problems();
        assertEquals(2, problems.size(), problems.toString());
        assertEquals(
                "services/web.toml:2:30: depends_on: no service named \"dbx\" (did you mean \"db\"?)", problems.get(1));
    }

    @Test
    void vigilTomlThatDidNotParse_mayDeclareAnyName_soNoneIsUnknown() {
        config.file("vigil.toml", "[services.db\n");
        config.service("web", SLEEP + "depends_on = { db = \"ready\" }\n");
        List<String> problems = config.problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.getFirst().startsWith("vigil.toml:1:"), problems.toString());
    }

    @Test
    void dependsOnInDefaults_isNotAllowed() {
        config.file("vigil.toml", "[defaults]\ndepends_on = { db = \"ready\" }\n");
        config.service("db", SLEEP);
        assertEquals(
                List.of("vigil.toml:2:1: defaults.depends_on: not allowed in [defaults]: set it in each service"),
                config.problems());
    }
}
