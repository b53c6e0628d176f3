package dev.vigil.dsl.toml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input: every problem of every file, each at its exact line and column, in one report. */
class ConfigLoaderProblemsTest {

    private static final String SLEEP = "command = [\"sleep\", \"1\"]\n";
    private static final String NAME_RULE =
            "use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";

    @TempDir
    Path tmp;

    private TempConfig config;

    @BeforeEach
    void setUp() {
        config = new TempConfig(tmp);
    }

    // --- the folder -------------------------------------------------------------------------------

    @Test
    void missingFolder_isOneClearProblem() {
        Path missing = tmp.resolve("nope");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(missing));
        assertEquals(missing + ": config folder does not exist", e.getMessage());
    }

    @Test
    void aFileInsteadOfAFolder_saysSo() throws Exception {
        Path file = Files.writeString(tmp.resolve("vigil.toml"), "");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
        assertEquals(file + ": not a folder: a config is a folder with vigil.toml and services/", e.getMessage());
    }

    @Test
    void folderWithoutAnyService_saysHowToDeclareOne() {
        config.file("vigil.toml", "log_keep = 1\n");
        ConfigException e = assertThrows(ConfigException.class, config::load);
        assertEquals(
                tmp + ": no service declared: add services/NAME.toml, or [services.NAME] to vigil.toml (or a [tasks.NAME] template)",
                e.getMessage());
    }

    @Test
    void folderWithOnlyTaskTemplates_loads() throws Exception {
        config.file("vigil.toml", "[tasks.backup]\ncommand = [\"true\"]\n");
        Config c = config.load();
        assertEquals(List.of(), c.services());
        assertEquals(1, c.tasks().size());
    }

    @Test
    void emptyFolder_saysHowToDeclareAService() {
        ConfigException e = assertThrows(ConfigException.class, config::load);
        assertEquals(1, e.problems().size());
        assertEquals(
                new Problem(tmp, 0, 0, "no service declared: add services/NAME.toml, or [services.NAME] to vigil.toml (or a [tasks.NAME] template)"),
                e.problems().getFirst());
    }

    // --- unknown keys -------------------------------------------------------------------------------

    @Test
    void unknownKey_namesNearestValidKey() {
        config.service("web", SLEEP + "autostrat = false\n");
        assertEquals(
                List.of("services/web.toml:2:1: unknown key \"autostrat\" (did you mean \"autostart\"?)"),
                config.problems());
    }

    @Test
    void unknownKey_comand_namesCommand_andNoCommandIsReportedToo() {
        config.service("web", "comand = [\"sleep\", \"1\"]\n");
        assertEquals(
                List.of(
                        "services/web.toml:1:1: no command: set command = [...] or add [children.NAME]",
                        "services/web.toml:1:1: unknown key \"comand\" (did you mean \"command\"?)"),
                config.problems());
    }

    @Test
    void unknownKey_withNothingClose_listsTheValidKeys() {
        config.service("web", SLEEP + "\n  colour = \"red\"\n");
        assertEquals(
                List.of("services/web.toml:3:3: unknown key \"colour\" (valid keys: command, cwd, env, autostart,"
                        + " restart, oneshot, stop_timeout, ready_timeout, sockets, backoff, readiness, probes,"
                        + " depends_on, provider, children)"),
                config.problems());
    }

    @Test
    void unknownKey_aSynonymOtherToolsUse_namesOurs() {
        config.service("web", "cmd = \"sleep 1\"\n" + SLEEP);
        assertEquals(
                List.of("services/web.toml:1:1: unknown key \"cmd\" (did you mean \"command\"?)"), config.problems());
    }

    @Test
    void unknownKey_inANestedTable_isLedByTheTablePath() {
        config.service("web", SLEEP + "[backoff]\nmaxx = \"1m\"\n[children.ui]\nenvv = {}\n");
        assertEquals(
                List.of(
                                "services/web.toml:3:1: backoff: unknown key \"maxx\" (did you mean \"max\"?)",
                                "services/web.toml:4:1: children: not allowed together with a top-level command:"
                                        + " use command for one process, or [children.NAME] for several",
                                "services/web.toml:5:1: children.ui: unknown key \"envv\" (did you mean \"env\"?)",
                                "services/web.toml:4:1: children.ui: no command: set command = [...]")
                        .stream()
                        .sorted(ConfigLoaderProblemsTest::byPosition)
                        .toList(),
                config.problems());
    }

    @Test
    void unknownKey_inVigilToml_namesTheNearestGlobalKey() {
        config.file("vigil.toml", "runtime_dr = \"run\"\n[services.web]\n" + SLEEP + "stop_timeot = \"1s\"\n");
        assertEquals(
                List.of(
                        "vigil.toml:1:1: unknown key \"runtime_dr\" (did you mean \"runtime_dir\"?)",
                        "vigil.toml:4:1: services.web: unknown key \"stop_timeot\" (did you mean \"stop_timeout\"?)"),
                config.problems());
    }

    @Test
    void unknownKey_atTheTopOfVigilToml_listsTheGlobalKeys() {
        config.file("vigil.toml", "command = \"x\"\n");
        config.service("web", SLEEP);
        assertEquals(
                List.of("vigil.toml:1:1: unknown key \"command\" (valid keys: runtime_dir, log_max_size, log_keep,"
                        + " plugins_dir, hook_timeout, hook_statements, defaults, services, tasks)"),
                config.problems());
    }

    // --- wrong types ----------------------------------------------------------------------------------

    @Test
    void wrongType_namesTheExpectedOne() {
        config.service("web", SLEEP + "autostart = \"yes\"\n");
        assertEquals(
                List.of("services/web.toml:2:1: autostart: expected a boolean, got string \"yes\""), config.problems());
    }

    @Test
    void wrongType_command_namesBothAcceptedForms_withoutAlsoSayingItIsMissing() {
        config.service("web", "command = 5\n");
        assertEquals(
                List.of("services/web.toml:1:1: command: expected an array of strings or a string, got integer"),
                config.problems());
    }

    @Test
    void wrongType_commandElement_pointsAtTheElement() {
        config.service("web", "command = [\"sleep\", 1]\n");
        assertEquals(List.of("services/web.toml:1:21: command[1]: expected a string, got integer"), config.problems());
    }

    @Test
    void wrongType_everyScalarKey() {
        config.service("web", SLEEP + """
            cwd = 1
            oneshot = "no"
            restart = true
            stop_timeout = 10
            ready_timeout = 1.5
            sockets = "tcp://127.0.0.1:80"
            env = ["A=1"]
            backoff = "fast"
            """);
        assertEquals(
                List.of(
                        "services/web.toml:2:1: cwd: expected a path string, got integer",
                        "services/web.toml:3:1: oneshot: expected a boolean, got string \"no\"",
                        "services/web.toml:4:1: restart: expected one of always, on-failure, never, got boolean",
                        "services/web.toml:5:1: stop_timeout: expected a duration like \"10s\", got integer",
                        "services/web.toml:6:1: ready_timeout: expected a duration like \"10s\", got float",
                        "services/web.toml:7:1: sockets: expected an array of socket URIs, got string"
                                + " \"tcp://127.0.0.1:80\"",
                        "services/web.toml:8:1: env: expected a table, got array",
                        "services/web.toml:9:1: backoff: expected a table, got string \"fast\""),
                config.problems());
    }

    @Test
    void wrongType_backoffNumbers() {
        config.service("web", SLEEP + "[backoff]\nfactor = \"2\"\nmax_restarts = 1.0\njitter = false\ninitial = 1\n");
        assertEquals(
                List.of(
                        "services/web.toml:3:1: backoff.factor: expected a number, got string \"2\"",
                        "services/web.toml:4:1: backoff.max_restarts: expected an integer, got float",
                        "services/web.toml:5:1: backoff.jitter: expected a number, got boolean",
                        "services/web.toml:6:1: backoff.initial: expected a duration like \"10s\", got integer"),
                config.problems());
    }

    @Test
    void wrongType_envValue_pointsAtTheVariable() {
        config.service("web", SLEEP + "env = { A = \"1\", B = 2 }\n");
        assertEquals(List.of("services/web.toml:2:18: env.B: expected a string, got integer"), config.problems());
    }

    @Test
    void envVariableName_withAnEqualsSign_isRejected() {
        config.service("web", SLEEP + "[env]\n\"A=B\" = \"1\"\n");
        assertEquals(
                List.of("services/web.toml:3:1: env.\"A=B\": not a valid environment variable name"),
                config.problems());
    }

    @Test
    void wrongType_childrenAndServices_mustBeTables() {
        config.file("vigil.toml", "services.api = \"x\"\n");
        config.service("web", "children.ui = [\"a\"]\n");
        assertEquals(
                List.of(
                        "services/web.toml:1:1: children.ui: expected a table, got array",
                        "vigil.toml:1:1: services.api: expected a table, got string \"x\""),
                config.problems());
    }

    // --- values -------------------------------------------------------------------------------------

    @Test
    void restart_unknownValue_listsTheChoices() {
        config.service("web", SLEEP + "restart = \"sometimes\"\n");
        assertEquals(
                List.of("services/web.toml:2:1: restart: expected one of always, on-failure, never, got \"sometimes\""),
                config.problems());
    }

    @Test
    void badDuration_saysHowToWriteOne() {
        config.service("web", SLEEP + "stop_timeout = \"10x\"\n");
        assertEquals(
                List.of("services/web.toml:2:1: stop_timeout: bad duration \"10x\" (use e.g. 500ms, 10s, 5m, 1h)"),
                config.problems());
    }

    @Test
    void negativeDurations_mustNotBeNegative_wherever() {
        config.service("web", SLEEP + "ready_timeout = \"-5s\"\n[backoff]\nwindow = \"-1m\"\ninitial = \"-0s\"\n");
        assertEquals(
                List.of(
                        "services/web.toml:2:1: ready_timeout: must not be negative",
                        "services/web.toml:4:1: backoff.window: must not be negative"),
                config.problems());
    }

    @Test
    void negativeMaxRestarts_mustNotBeNegative() {
        config.service("web", SLEEP + "[backoff]\n  max_restarts = -1\n");
        assertEquals(List.of("services/web.toml:3:3: backoff.max_restarts: must not be negative"), config.problems());
    }

    @Test
    void backoffNumbersOutOfRange_sayTheRange() {
        config.service("web", SLEEP + """
            backoff.factor = 0.5
            backoff.jitter = 1.5
            backoff.max_restarts = 3000000000
            """);
        assertEquals(
                List.of(
                        "services/web.toml:2:1: backoff.factor: must be a number of at least 1.0, got 0.5",
                        "services/web.toml:3:1: backoff.jitter: must be between 0 and 1, got 1.5",
                        "services/web.toml:4:1: backoff.max_restarts: must be at most 2147483647"),
                config.problems());
    }

    @Test
    void backoffFactor_infiniteOrNan_isRejected() {
        config.service("web", SLEEP + "[backoff]\nfactor = inf\njitter = nan\n");
        assertEquals(
                List.of(
                        "services/web.toml:3:1: backoff.factor: must be a number of at least 1.0, got Infinity",
                        "services/web.toml:4:1: backoff.jitter: must be between 0 and 1, got NaN"),
                config.problems());
    }

    @Test
    void badSockets_eachPointsAtItsElement() {
        config.service(
                "web", SLEEP + "sockets = [\n  \"tcp://localhost\",\n  \"tcp://127.0.0.1:80\",\n  \"udp://x:1\",\n]\n");
        assertEquals(
                List.of(
                        "services/web.toml:3:3: sockets[0]: bad socket \"tcp://localhost\": no port (use"
                                + " tcp://HOST:PORT)",
                        "services/web.toml:5:3: sockets[2]: bad socket \"udp://x:1\": use tcp://HOST:PORT or"
                                + " unix:///PATH"),
                config.problems());
    }

    @Test
    void commandString_unbalancedQuotes_isAnError() {
        config.service("web", "command = \"python -c 'print(1)\"\n");
        assertEquals(
                List.of("services/web.toml:1:1: command: unbalanced quotes: the ' at character 11 is never closed"),
                config.problems());
    }

    @Test
    void commandString_shellSyntax_isAnError() {
        config.service("web", "command = \"server > log\"\n");
        assertEquals(
                List.of("services/web.toml:1:1: command: \">\" is shell syntax, which vigil does not run: quote it,"
                        + " or use [\"sh\", \"-c\", \"...\"]"),
                config.problems());
    }

    @Test
    void emptyCommands_areRejected() {
        config.service("a", "command = []\n");
        config.service("b", "command = \"  \"\n");
        config.service("c", "command = [\"\", \"x\"]\n");
        assertEquals(
                List.of(
                        "services/a.toml:1:1: command: must not be empty",
                        "services/b.toml:1:1: command: must not be empty",
                        "services/c.toml:1:1: command: the program (first word) must not be empty"),
                config.problems());
    }

    // --- command and children -------------------------------------------------------------------------

    @Test
    void neitherCommandNorChildren_saysHowToFixIt() {
        config.service("web", "autostart = true\n");
        config.file("vigil.toml", "\n[services.api]\nrestart = \"never\"\n");
        assertEquals(
                List.of(
                        "services/web.toml:1:1: no command: set command = [...] or add [children.NAME]",
                        "vigil.toml:2:1: no command: set command = [...] or add [children.NAME]"),
                config.problems());
    }

    @Test
    void emptyServiceFile_hasNoCommand() {
        config.service("web", "");
        assertEquals(
                List.of("services/web.toml:1:1: no command: set command = [...] or add [children.NAME]"),
                config.problems());
    }

    @Test
    void commandAndChildren_both_isAnError() {
        config.service("web", SLEEP + "\n[children.ui]\ncommand = [\"ui\"]\n");
        assertEquals(
                List.of("services/web.toml:3:1: children: not allowed together with a top-level command:"
                        + " use command for one process, or [children.NAME] for several"),
                config.problems());
    }

    @Test
    void childWithoutCommand_isAnError_atItsTable() {
        config.service("web", "[children.ui]\ncommand = [\"ui\"]\n[children.api]\ncwd = \"api\"\n");
        assertEquals(
                List.of("services/web.toml:3:1: children.api: no command: set command = [...]"), config.problems());
    }

    @Test
    void emptyChildrenTable_isAnError() {
        config.service("web", "children = {}\n");
        assertEquals(
                List.of("services/web.toml:1:1: children: no child: add [children.NAME] with a command"),
                config.problems());
    }

    // --- names --------------------------------------------------------------------------------------

    @Test
    void invalidServiceNames_fromAFileOrATable() {
        config.service("my web", SLEEP);
        config.service("-dash", SLEEP);
        config.service("x".repeat(65), SLEEP);
        config.service("x".repeat(64), SLEEP);
        config.file("vigil.toml", "[services.\"a/b\"]\n" + SLEEP);
        assertEquals(
                List.of(
                        "services/-dash.toml:1:1: invalid service name \"-dash\": " + NAME_RULE,
                        "services/my web.toml:1:1: invalid service name \"my web\": " + NAME_RULE,
                        "services/" + "x".repeat(65) + ".toml:1:1: invalid service name \"" + "x".repeat(65) + "\": "
                                + NAME_RULE,
                        "vigil.toml:1:1: invalid service name \"a/b\": " + NAME_RULE),
                config.problems());
    }

    @Test
    void invalidChildName_isLedByItsTablePath() {
        config.service("web", "[children.\"a b\"]\ncommand = [\"x\"]\n");
        assertEquals(
                List.of("services/web.toml:1:1: children.\"a b\": invalid child name: " + NAME_RULE),
                config.problems());
    }

    @Test
    void duplicateService_acrossFiles_namesBothPlaces() {
        config.file("vigil.toml", "log_keep = 1\n\n[services.web]\n" + SLEEP);
        config.service("web", SLEEP);
        assertEquals(
                List.of("services/web.toml:1:1: service \"web\" is already defined at vigil.toml:3:1"),
                config.problems());
    }

    // --- [defaults] ---------------------------------------------------------------------------------

    @Test
    void defaultsTable_serviceOnlyKeys_areNotAllowed() {
        config.file(
                "vigil.toml",
                "[defaults]\ncommand = \"x\"\ncwd = \"/\"\nenv = {}\nautostrat = true\n[defaults.children.a]\n");
        config.service("web", SLEEP);
        assertEquals(
                List.of(
                        "vigil.toml:2:1: defaults.command: not allowed in [defaults]: set it in each service",
                        "vigil.toml:3:1: defaults.cwd: not allowed in [defaults]: set it in each service",
                        "vigil.toml:4:1: defaults.env: not allowed in [defaults]: set it in each service",
                        "vigil.toml:5:1: defaults: unknown key \"autostrat\" (did you mean \"autostart\"?)",
                        "vigil.toml:6:1: defaults.children: not allowed in [defaults]: set it in each service"),
                config.problems());
    }

    @Test
    void defaultsTable_badValue_isReportedOnce_evenWhenInheritedBySeveral() {
        config.file("vigil.toml", "[defaults]\nstop_timeout = \"-1s\"\nbackoff.factor = 0.1\n");
        config.service("a", SLEEP);
        config.service("b", SLEEP);
        assertEquals(
                List.of(
                        "vigil.toml:2:1: defaults.stop_timeout: must not be negative",
                        "vigil.toml:3:1: defaults.backoff.factor: must be a number of at least 1.0, got 0.1"),
                config.problems());
    }

    @Test
    void defaultsTable_badValue_isReported_evenWhenNoServiceInheritsIt() {
        config.file("vigil.toml", "[defaults]\nready_timeout = \"-1s\"\n");
        config.service("a", SLEEP + "ready_timeout = \"1s\"\n");
        assertEquals(List.of("vigil.toml:2:1: defaults.ready_timeout: must not be negative"), config.problems());
    }

    // --- globals ------------------------------------------------------------------------------------

    @Test
    void globals_badValues() {
        config.file("vigil.toml", "runtime_dir = 1\nlog_max_size = \"10XB\"\nlog_keep = -1\n");
        config.service("web", SLEEP);
        assertEquals(
                List.of(
                        "vigil.toml:1:1: runtime_dir: expected a path string, got integer",
                        "vigil.toml:2:1: log_max_size: bad size \"10XB\" (use e.g. 512KB, 10MB, 1GiB, or a number of"
                                + " bytes)",
                        "vigil.toml:3:1: log_keep: must not be negative"),
                config.problems());
    }

    @Test
    void globals_logMaxSize_mustBePositive_andOfAType() {
        config.file("vigil.toml", "log_max_size = 0\n");
        config.service("web", SLEEP);
        assertEquals(List.of("vigil.toml:1:1: log_max_size: must be greater than 0"), config.problems());
        config.file("vigil.toml", "log_max_size = \"-1KB\"\nlog_keep = \"3\"\n");
        assertEquals(
                List.of(
                        "vigil.toml:1:1: log_max_size: must not be negative",
                        "vigil.toml:2:1: log_keep: expected an integer, got string \"3\""),
                config.problems());
        config.file("vigil.toml", "log_max_size = true\n");
        assertEquals(
                List.of("vigil.toml:1:1: log_max_size: expected a size like \"10MB\" or a number of bytes, got"
                        + " boolean"),
                config.problems());
    }

    // --- syntax errors and reporting everything -----------------------------------------------------

    @Test
    void syntaxError_inOneFile_stillReportsTheProblemsOfTheOthers() {
        config.service("a", "command = [\"sleep\", \"1\"\nrestart = \"always\"\n");
        config.service("b", SLEEP + "autostart = \"yes\"\n");
        assertEquals(
                List.of(
                        "services/a.toml:1:24: invalid TOML: Unexpected end of line, expected ] or a comma",
                        "services/b.toml:2:1: autostart: expected a boolean, got string \"yes\""),
                config.problems());
    }

    @Test
    void syntaxError_inVigilToml_stillValidatesTheServiceFiles_withoutClaimingThereIsNoService() {
        config.file("vigil.toml", "[services.web\n");
        assertEquals(List.of("vigil.toml:1:14: invalid TOML: Unexpected end of line, expected ]"), config.problems());
        config.service("b", "command = 1\n");
        assertEquals(
                List.of(
                        "services/b.toml:1:1: command: expected an array of strings or a string, got integer",
                        "vigil.toml:1:14: invalid TOML: Unexpected end of line, expected ]"),
                config.problems());
    }

    @Test
    void syntaxErrors_everyOneInAFile_isReported() {
        config.service("a", "x = \ny = [1,\nx = 1\n");
        assertEquals(
                List.of(
                        "services/a.toml:1:5: invalid TOML: Unexpected end of line, expected a value",
                        "services/a.toml:2:8: invalid TOML: Unexpected end of line, expected ] or a value"),
                config.problems());
    }

    @Test
    void duplicateKey_isASyntaxError() {
        config.service("a", SLEEP + "command = \"x\"\n");
        assertEquals(
                List.of("services/a.toml:2:1: invalid TOML: command previously defined at line 1, column 1"),
                config.problems());
    }

    @Test
    void notUtf8_isReported() throws Exception {
        Files.createDirectories(tmp.resolve("services"));
        Files.write(tmp.resolve("services/a.toml"), new byte[] {'x', '=', '"', (byte) 0xff, '"', '\n'});
        assertEquals(List.of("services/a.toml:1:1: not UTF-8 text"), config.problems());
    }

    @Test
    void everyProblem_ofEveryFile_isReportedAtOnce_sortedByFileThenLine() {
        config.file("vigil.toml", """
            log_keep = -1
            [defaults]
            restart = "sometimes"
            [services.web]
            command = ["a"]
            """);
        config.service("web", "oneshot = 1\n" + SLEEP + "stop_timeout = \"1y\"\n");
        config.service("api", "[backoff]\njitter = 2\n[children.x]\ncommand = []\n");
        config.service("bad", "= 1\n");
        assertEquals(
                List.of(
                        "services/api.toml:2:1: backoff.jitter: must be between 0 and 1, got 2.0",
                        "services/api.toml:4:1: children.x.command: must not be empty",
                        "services/bad.toml:1:1: invalid TOML: Unexpected '=', expected a key, a table key, a newline,"
                                + " or end-of-input",
                        "services/web.toml:1:1: oneshot: expected a boolean, got integer",
                        "services/web.toml:1:1: service \"web\" is already defined at vigil.toml:4:1",
                        "services/web.toml:3:1: stop_timeout: bad duration \"1y\" (use e.g. 500ms, 10s, 5m, 1h)",
                        "vigil.toml:1:1: log_keep: must not be negative",
                        "vigil.toml:3:1: defaults.restart: expected one of always, on-failure, never, got"
                                + " \"sometimes\""),
                config.problems());
    }

    /** Orders expected lines the way the loader does: by file, line, column, then message. */
    private static int byPosition(String a, String b) {
        String[] x = a.split(":", 4);
        String[] y = b.split(":", 4);
        int c = x[0].compareTo(y[0]);
        if (c == 0) c = Integer.compare(Integer.parseInt(x[1]), Integer.parseInt(y[1]));
        if (c == 0) c = Integer.compare(Integer.parseInt(x[2]), Integer.parseInt(y[2]));
        return c != 0 ? c : x[3].compareTo(y[3]);
    }
}
