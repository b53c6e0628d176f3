package dev.vigil.dsl.toml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.engine.model.BackoffPolicy;
import dev.vigil.engine.model.ChildSpec;
import dev.vigil.engine.model.RestartPolicy;
import dev.vigil.engine.model.ServiceSpec;
import dev.vigil.engine.model.SocketSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Valid configs: every key has its effect, and every default is the documented one. */
class ConfigLoaderTest {

    private static final String SLEEP = "command = [\"sleep\", \"1\"]\n";

    @TempDir
    Path tmp;

    private TempConfig config;

    @BeforeEach
    void setUp() {
        config = new TempConfig(tmp);
    }

    private ChildSpec main(ServiceSpec service) {
        assertEquals(1, service.children().size());
        return service.children().getFirst();
    }

    // --- defaults -------------------------------------------------------------------------------

    @Test
    void silentService_getsEveryDefault() throws Exception {
        config.service("web", SLEEP);
        ServiceSpec expected = new ServiceSpec(
                "web",
                List.of(new ChildSpec(ChildSpec.MAIN, List.of("sleep", "1"), config.abs(), Map.of())),
                RestartPolicy.ON_FAILURE,
                false,
                true,
                Duration.ofSeconds(10),
                Duration.ofSeconds(60),
                List.of(),
                BackoffPolicy.DEFAULT,
                tmp.resolve("services/web.toml"));
        assertEquals(expected, config.spec("web"));
    }

    @Test
    void withoutVigilToml_globalsAreTheDefaults() throws Exception {
        config.service("web", SLEEP);
        Config loaded = config.load();
        assertEquals(new Globals(Optional.empty(), 10L * 1024 * 1024, 3), loaded.globals());
        assertEquals(config.abs(), loaded.dir());
    }

    // --- each service key -------------------------------------------------------------------------

    @Test
    void command_array_isTheMainChildsArgv() throws Exception {
        config.service("web", "command = [\"/usr/bin/python3\", \"-m\", \"http.server\", \"8080\"]\n");
        ChildSpec child = main(config.spec("web"));
        assertEquals(ChildSpec.MAIN, child.name());
        assertEquals(List.of("/usr/bin/python3", "-m", "http.server", "8080"), child.command());
        assertFalse(config.spec("web").isMultiChild());
    }

    @Test
    void command_string_isSplitLikeAShell() throws Exception {
        config.service("web", "command = \"sh -c 'echo \\\"hi there\\\"; sleep 1' --flag=a\\\\ b\"\n");
        assertEquals(
                List.of("sh", "-c", "echo \"hi there\"; sleep 1", "--flag=a b"),
                main(config.spec("web")).command());
    }

    @Test
    void command_literalString_keepsBackslashesForTheSplitter() throws Exception {
        config.service("web", "command = 'printf \"%s\\n\" $HOME'\n");
        assertEquals(
                List.of("printf", "%s\\n", "$HOME"), main(config.spec("web")).command());
    }

    @Test
    void cwd_relative_isResolvedAgainstTheConfigFolderAndNormalized() throws Exception {
        config.service("web", SLEEP + "cwd = \"data/../app/./bin\"\n");
        assertEquals(config.abs().resolve("app/bin"), main(config.spec("web")).cwd());
    }

    @Test
    void cwd_absolute_isKept() throws Exception {
        config.service("web", SLEEP + "cwd = \"/srv/web/\"\n");
        assertEquals(Path.of("/srv/web"), main(config.spec("web")).cwd());
    }

    @Test
    void env_reachesTheChild() throws Exception {
        config.service("web", SLEEP + "env = { PYTHONUNBUFFERED = \"1\", \"lower.case\" = \"\" }\n");
        assertEquals(
                Map.of("PYTHONUNBUFFERED", "1", "lower.case", ""),
                main(config.spec("web")).env());
    }

    @Test
    void autostart_false_isKept() throws Exception {
        config.service("web", SLEEP + "autostart = false\n");
        assertFalse(config.spec("web").autostart());
    }

    @ParameterizedTest
    @CsvSource({"always, ALWAYS", "on-failure, ON_FAILURE", "never, NEVER"})
    void restart_eachValue_isItsPolicy(String written, RestartPolicy policy) throws Exception {
        config.service("web", SLEEP + "restart = \"" + written + "\"\n");
        assertEquals(policy, config.spec("web").restart());
    }

    @Test
    void oneshot_true_isKept_andItsReadyTimeoutDefaultsToNoLimit() throws Exception {
        config.service("job", SLEEP + "oneshot = true\n");
        ServiceSpec job = config.spec("job");
        assertTrue(job.oneshot());
        assertEquals(Duration.ZERO, job.readyTimeout());
    }

    @Test
    void oneshot_withItsOwnReadyTimeout_keepsIt() throws Exception {
        config.service("job", SLEEP + "oneshot = true\nready_timeout = \"5m\"\n");
        assertEquals(Duration.ofMinutes(5), config.spec("job").readyTimeout());
    }

    @Test
    void stopTimeout_isParsed() throws Exception {
        config.service("web", SLEEP + "stop_timeout = \"1.5s\"\n");
        assertEquals(Duration.ofMillis(1500), config.spec("web").stopTimeout());
    }

    @Test
    void readyTimeout_isParsed_zeroMeaningNoLimit() throws Exception {
        config.service("web", SLEEP + "ready_timeout = \"1h30m\"\n");
        config.service("free", SLEEP + "ready_timeout = \"0s\"\n");
        assertEquals(Duration.ofMinutes(90), config.spec("web").readyTimeout());
        assertEquals(Duration.ZERO, config.spec("free").readyTimeout());
    }

    @Test
    void sockets_tcpIpv6AndUnix_inOrder() throws Exception {
        config.service("web", SLEEP + """
            sockets = ["tcp://127.0.0.1:8080", "tcp://[::1]:80", "unix:///run/x.sock", "unix://run/y.sock"]
            """);
        assertEquals(
                List.of(
                        new SocketSpec.Tcp("127.0.0.1", 8080),
                        new SocketSpec.Tcp("::1", 80),
                        new SocketSpec.Unix(Path.of("/run/x.sock")),
                        new SocketSpec.Unix(config.abs().resolve("run/y.sock"))),
                config.spec("web").sockets());
    }

    @Test
    void backoff_everyKey_hasItsEffect() throws Exception {
        config.service("web", SLEEP + """
            [backoff]
            initial = "250ms"
            factor = 3.5
            max = "2m"
            jitter = 0.25
            reset_after = "1h"
            max_restarts = 4
            window = "30m"
            """);
        BackoffPolicy expected = new BackoffPolicy(
                Duration.ofMillis(250),
                3.5,
                Duration.ofMinutes(2),
                0.25,
                Duration.ofHours(1),
                4,
                Duration.ofMinutes(30));
        assertEquals(expected, config.spec("web").backoff());
    }

    @Test
    void backoff_integersForNumbers_andAnInlineTable_areAccepted() throws Exception {
        config.service("web", SLEEP + "backoff = { factor = 2, jitter = 0, initial = \"0s\" }\n");
        BackoffPolicy d = BackoffPolicy.DEFAULT;
        assertEquals(
                new BackoffPolicy(Duration.ZERO, 2.0, d.max(), 0.0, d.resetAfter(), d.maxRestarts(), d.window()),
                config.spec("web").backoff());
    }

    @Test
    void backoff_partial_keepsTheOtherDefaults() throws Exception {
        config.service("web", SLEEP + "[backoff]\nmax_restarts = 0\n");
        BackoffPolicy d = BackoffPolicy.DEFAULT;
        assertEquals(
                new BackoffPolicy(d.initial(), d.factor(), d.max(), d.jitter(), d.resetAfter(), 0, d.window()),
                config.spec("web").backoff());
    }

    // --- children ---------------------------------------------------------------------------------

    @Test
    void children_eachBecomesAChild_inDeclarationOrder() throws Exception {
        config.service("stack", """
            [children.ui]
            command = ["node", "ui.js"]
            [children.api]
            command = "python3 api.py --port 8081"
            """);
        ServiceSpec stack = config.spec("stack");
        assertEquals(
                List.of(
                        new ChildSpec("ui", List.of("node", "ui.js"), config.abs(), Map.of()),
                        new ChildSpec("api", List.of("python3", "api.py", "--port", "8081"), config.abs(), Map.of())),
                stack.children());
        assertTrue(stack.isMultiChild());
    }

    @Test
    void children_inheritTheServiceCwdAndEnv_theirOwnValuesWin() throws Exception {
        config.service("stack", """
            cwd = "app"
            env = { SHARED = "s", MODE = "service" }
            [children.ui]
            command = ["ui"]
            [children.api]
            command = ["api"]
            cwd = "api"
            env = { MODE = "child", OWN = "o" }
            """);
        List<ChildSpec> children = config.spec("stack").children();
        assertEquals(
                new ChildSpec(
                        "ui", List.of("ui"), config.abs().resolve("app"), Map.of("SHARED", "s", "MODE", "service")),
                children.get(0));
        assertEquals(
                new ChildSpec(
                        "api",
                        List.of("api"),
                        config.abs().resolve("api"),
                        Map.of("SHARED", "s", "MODE", "child", "OWN", "o")),
                children.get(1));
    }

    @Test
    void children_namedMain_isStillMultiChildDeclaration() throws Exception {
        config.service("stack", "[children.main]\ncommand = [\"x\"]\n");
        assertEquals(
                List.of(new ChildSpec("main", List.of("x"), config.abs(), Map.of())),
                config.spec("stack").children());
    }

    // --- the two ways to declare a service ----------------------------------------------------------

    @Test
    void servicesTable_inVigilToml_declaresAService_whoseSourceIsVigilToml() throws Exception {
        config.file("vigil.toml", """
            [services.web]
            command = ["sleep", "1"]
            restart = "never"
            """);
        ServiceSpec web = config.spec("web");
        assertEquals(tmp.resolve("vigil.toml"), web.source());
        assertEquals(RestartPolicy.NEVER, web.restart());
        assertEquals(List.of("sleep", "1"), main(web).command());
    }

    @Test
    void servicesTable_quotedNameWithDots_isOneName() throws Exception {
        config.file("vigil.toml", "[services.\"llama.cpp\"]\ncommand = \"llama-server\"\n");
        assertEquals("llama.cpp", config.load().services().getFirst().name());
    }

    @Test
    void bothStyles_combine_andServicesAreSortedByName() throws Exception {
        config.file("vigil.toml", "[services.mid]\n" + SLEEP);
        config.service("zeta", SLEEP);
        config.service("alpha", SLEEP);
        config.service("Beta", SLEEP);
        assertEquals(
                List.of("Beta", "alpha", "mid", "zeta"),
                config.load().services().stream().map(ServiceSpec::name).toList());
    }

    @Test
    void serviceFile_isNamedByItsStem_andItsSourceIsTheFile() throws Exception {
        config.service("my-svc_1.2", SLEEP);
        ServiceSpec spec = config.load().services().getFirst();
        assertEquals("my-svc_1.2", spec.name());
        assertEquals(tmp.resolve("services/my-svc_1.2.toml"), spec.source());
    }

    @Test
    void filesThatAreNotToml_inServices_areIgnored() throws Exception {
        config.service("web", SLEEP);
        config.file("services/README.md", "not toml [");
        config.file("services/web.toml~", "broken = [");
        config.file("services/sub/other.toml", "broken = [");
        assertEquals(
                List.of("web"),
                config.load().services().stream().map(ServiceSpec::name).toList());
    }

    @Test
    void byteOrderMark_atTheStartOfAFile_isIgnored() throws Exception {
        config.service("web", "\uFEFF" + SLEEP);
        assertEquals(List.of("sleep", "1"), main(config.spec("web")).command());
    }

    // --- [defaults] ---------------------------------------------------------------------------------

    @Test
    void defaultsTable_everyKey_reachesASilentService() throws Exception {
        config.file("vigil.toml", """
            [defaults]
            autostart = false
            restart = "always"
            oneshot = true
            stop_timeout = "3s"
            ready_timeout = "7s"
            sockets = ["tcp://127.0.0.1:9000"]
            [defaults.backoff]
            initial = "2s"
            factor = 1.5
            max = "1m"
            jitter = 0.5
            reset_after = "2m"
            max_restarts = 1
            window = "3m"
            """);
        config.service("web", SLEEP);
        ServiceSpec web = config.spec("web");
        assertFalse(web.autostart());
        assertEquals(RestartPolicy.ALWAYS, web.restart());
        assertTrue(web.oneshot());
        assertEquals(Duration.ofSeconds(3), web.stopTimeout());
        assertEquals(Duration.ofSeconds(7), web.readyTimeout());
        assertEquals(List.of(new SocketSpec.Tcp("127.0.0.1", 9000)), web.sockets());
        assertEquals(
                new BackoffPolicy(
                        Duration.ofSeconds(2),
                        1.5,
                        Duration.ofMinutes(1),
                        0.5,
                        Duration.ofMinutes(2),
                        1,
                        Duration.ofMinutes(3)),
                web.backoff());
    }

    @Test
    void defaultsTable_aServicesOwnValueWins() throws Exception {
        config.file("vigil.toml", "[defaults]\nrestart = \"always\"\nstop_timeout = \"3s\"\n");
        config.service("web", SLEEP + "restart = \"never\"\n");
        ServiceSpec web = config.spec("web");
        assertEquals(RestartPolicy.NEVER, web.restart());
        assertEquals(Duration.ofSeconds(3), web.stopTimeout());
    }

    @Test
    void defaultsTable_backoff_mergesKeyByKey() throws Exception {
        config.file("vigil.toml", "[defaults.backoff]\ninitial = \"2s\"\nmax = \"1m\"\n");
        config.service("web", SLEEP + "[backoff]\nmax = \"9m\"\nmax_restarts = 2\n");
        BackoffPolicy d = BackoffPolicy.DEFAULT;
        assertEquals(
                new BackoffPolicy(
                        Duration.ofSeconds(2),
                        d.factor(),
                        Duration.ofMinutes(9),
                        d.jitter(),
                        d.resetAfter(),
                        2,
                        d.window()),
                config.spec("web").backoff());
    }

    @Test
    void defaultsTable_appliesToBothDeclarationStyles() throws Exception {
        config.file("vigil.toml", "[defaults]\nautostart = false\n[services.a]\n" + SLEEP);
        config.service("b", SLEEP);
        assertFalse(config.spec("a").autostart());
        assertFalse(config.spec("b").autostart());
    }

    @Test
    void defaultsTable_oneshot_makesTheReadyTimeoutDefaultNoLimit() throws Exception {
        config.file("vigil.toml", "[defaults]\noneshot = true\n");
        config.service("job", SLEEP);
        config.service("server", SLEEP + "oneshot = false\n");
        assertEquals(Duration.ZERO, config.spec("job").readyTimeout());
        assertEquals(Duration.ofSeconds(60), config.spec("server").readyTimeout());
    }

    @Test
    void defaultsTable_readyTimeout_beatsTheOneshotDefault() throws Exception {
        config.file("vigil.toml", "[defaults]\nready_timeout = \"30s\"\n");
        config.service("job", SLEEP + "oneshot = true\n");
        assertEquals(Duration.ofSeconds(30), config.spec("job").readyTimeout());
    }

    // --- vigil.toml globals ---------------------------------------------------------------------------

    @Test
    void globals_everyKey_hasItsEffect() throws Exception {
        config.file("vigil.toml", """
            runtime_dir = "state/../run"
            log_max_size = "512KB"
            log_keep = 0
            plugins_dir = "plugins"
            """);
        config.service("web", SLEEP);
        assertEquals(
                new Globals(Optional.of(config.abs().resolve("run")), 512 * 1024, 0, Optional.of(config.abs().resolve("plugins"))),
                config.load().globals());
    }

    @Test
    void globals_logMaxSize_asAnIntegerOfBytes() throws Exception {
        config.file("vigil.toml", "log_max_size = 4096\nruntime_dir = \"/var/run/vigil\"\n");
        config.service("web", SLEEP);
        Globals globals = config.load().globals();
        assertEquals(4096, globals.logMaxBytes());
        assertEquals(Optional.of(Path.of("/var/run/vigil")), globals.runtimeDir());
    }

    @Test
    void relativeConfigFolder_givesAnAbsoluteDirAndPaths() throws Exception {
        config.service("web", SLEEP + "cwd = \"w\"\n");
        Path relative = Path.of("").toAbsolutePath().relativize(tmp.toAbsolutePath());
        Config loaded = ConfigLoader.load(relative);
        assertEquals(config.abs(), loaded.dir());
        assertEquals(
                config.abs().resolve("w"), main(loaded.services().getFirst()).cwd());
    }
}
