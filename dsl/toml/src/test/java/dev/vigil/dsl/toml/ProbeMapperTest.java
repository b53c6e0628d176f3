package dev.vigil.dsl.toml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.engine.model.ProbeRole;
import dev.vigil.engine.model.ProbeSpec;
import dev.vigil.engine.model.ProbeTarget;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code [[probes]]}: every key has its effect on the built spec, and every mistake is one exact problem. */
class ProbeMapperTest {

    private static final String SLEEP = "command = [\"sleep\", \"1\"]\n";

    @TempDir
    Path tmp;

    private TempConfig config;

    @BeforeEach
    void setUp() {
        config = new TempConfig(tmp);
    }

    private List<ProbeSpec> probes(String serviceText) throws ConfigException {
        config.service("web", SLEEP + serviceText);
        return config.spec("web").probes();
    }

    private ProbeSpec probe(String probeTable) throws ConfigException {
        List<ProbeSpec> probes = probes("[[probes]]\n" + probeTable);
        assertEquals(1, probes.size());
        return probes.getFirst();
    }

    // --- effects ------------------------------------------------------------------------------------

    @Test
    void noProbes_isAnEmptyList() throws Exception {
        assertEquals(List.of(), probes(""));
    }

    @Test
    void silentProbe_getsTheModelsDefaults_andTheReadinessRole() throws Exception {
        assertEquals(
                ProbeSpec.withDefaults(ProbeRole.READINESS, new ProbeTarget.Tcp("127.0.0.1", 6379)),
                probe("tcp = \"127.0.0.1:6379\"\n"));
    }

    @Test
    void httpProbe_everyKey_hasItsEffect() throws Exception {
        ProbeSpec expected = new ProbeSpec(
                ProbeRole.LIVENESS,
                new ProbeTarget.Http(URI.create("http://127.0.0.1:8080/health"), 200, 299, "ok", "/status", "up"),
                Duration.ofSeconds(5),
                Duration.ofMillis(1500),
                2,
                4);
        assertEquals(expected, probe("""
                role = "liveness"
                http = "http://127.0.0.1:8080/health"
                interval = "5s"
                timeout = "1.5s"
                success_threshold = 2
                failure_threshold = 4
                status = "200-299"
                body_contains = "ok"
                json = { pointer = "/status", equals = "up" }
                """));
    }

    @Test
    void httpProbe_silent_acceptsStatuses200To399_andChecksNoBody() throws Exception {
        assertEquals(
                new ProbeTarget.Http(URI.create("https://example.com/"), 200, 399, null, null, null),
                probe("http = \"https://example.com/\"\n").target());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            status = "204"     | 204 | 204
            status = 201       | 201 | 201
            status = "100-599" | 100 | 599
            """)
    void httpStatus_aCodeOrARange(String line, int min, int max) throws Exception {
        ProbeTarget.Http http = (ProbeTarget.Http) probe("http = \"http://h/\"\n" + line + "\n").target();
        assertEquals(List.of(min, max), List.of(http.statusMin(), http.statusMax()));
    }

    @Test
    void httpJson_withoutEquals_onlyNeedsTheFieldToExist() throws Exception {
        ProbeTarget.Http http = (ProbeTarget.Http)
                probe("http = \"http://h/\"\n[probes.json]\npointer = \"/models/0\"\n").target();
        assertEquals("/models/0", http.jsonPointer());
        assertEquals(null, http.jsonEquals());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            equals = 1     | 1
            equals = 2.5   | 2.5
            equals = true  | true
            equals = "1"   | 1
            """)
    void httpJsonEquals_aNumberOrBoolean_isItsJsonText(String line, String text) throws Exception {
        ProbeTarget.Http http = (ProbeTarget.Http)
                probe("http = \"http://h/\"\njson = { pointer = \"/a\", " + line + " }\n").target();
        assertEquals(text, http.jsonEquals());
    }

    @Test
    void tcpProbe_anIpv6AddressInBrackets() throws Exception {
        assertEquals(new ProbeTarget.Tcp("::1", 80), probe("tcp = \"[::1]:80\"\n").target());
    }

    @Test
    void unixProbe_relativePath_resolvesAgainstTheConfigFolder_absoluteIsKept() throws Exception {
        List<ProbeSpec> probes = probes("[[probes]]\nunix = \"run/../x.sock\"\n[[probes]]\nunix = \"/run/y.sock\"\n");
        assertEquals(new ProbeTarget.Unix(config.abs().resolve("x.sock")), probes.get(0).target());
        assertEquals(new ProbeTarget.Unix(Path.of("/run/y.sock")), probes.get(1).target());
    }

    @Test
    void execProbe_runsInTheServicesCwd_withTheServicesEnv() throws Exception {
        List<ProbeSpec> probes = probes("""
                cwd = "w"
                env = { A = "1" }
                [[probes]]
                exec = ["redis-cli", "ping"]
                [[probes]]
                exec = "sh -c 'test -e ready'"
                """);
        Path cwd = config.abs().resolve("w");
        assertEquals(new ProbeTarget.Exec(List.of("redis-cli", "ping"), cwd, Map.of("A", "1")), probes.get(0).target());
        assertEquals(
                new ProbeTarget.Exec(List.of("sh", "-c", "test -e ready"), cwd, Map.of("A", "1")),
                probes.get(1).target());
    }

    @Test
    void execProbe_ofAMultiChildService_takesTheServicesCwdAndEnv_notAChilds() throws Exception {
        config.service("pair", """
                env = { A = "1" }
                [children.left]
                command = "sleep 1"
                cwd = "/tmp"
                env = { B = "2" }
                [[probes]]
                exec = ["true"]
                """);
        assertEquals(
                new ProbeTarget.Exec(List.of("true"), config.abs(), Map.of("A", "1")),
                config.spec("pair").probes().getFirst().target());
    }

    @Test
    void probes_asAnArrayOfInlineTables_keepTheirOrder() throws Exception {
        List<ProbeSpec> probes = probes("probes = [{ tcp = \"h:1\" }, { exec = \"true\", role = \"startup\" }]\n");
        assertEquals(new ProbeTarget.Tcp("h", 1), probes.get(0).target());
        assertEquals(ProbeRole.STARTUP, probes.get(1).role());
    }

    @ParameterizedTest
    @CsvSource({"startup, STARTUP", "readiness, READINESS", "liveness, LIVENESS"})
    void role_eachValue_isItsRole(String written, ProbeRole role) throws Exception {
        assertEquals(role, probe("role = \"" + written + "\"\nexec = \"true\"\n").role());
    }

    @Test
    void probesOfAServiceInVigilToml() throws Exception {
        config.file("vigil.toml", "[services.web]\n" + SLEEP + "[[services.web.probes]]\ntcp = \"h:1\"\n");
        assertEquals(new ProbeTarget.Tcp("h", 1), config.spec("web").probes().getFirst().target());
    }

    // --- problems -----------------------------------------------------------------------------------

    private List<String> problems(String serviceText) {
        config.service("web", SLEEP + serviceText);
        return config.problems();
    }

    @Test
    void noTarget_isReportedAtTheProbesHeader() {
        assertEquals(
                List.of("services/web.toml:3:1: probes[0]: no target: set one of http, tcp, unix, exec"),
                problems("\n[[probes]]\ninterval = \"1s\"\n"));
    }

    @Test
    void twoTargets_theSecondIsReportedAtItsKey() {
        assertEquals(
                List.of(
                        "services/web.toml:4:1: probes[0].tcp: not allowed together with http: a probe checks exactly"
                                + " one of http, tcp, unix, exec",
                        "services/web.toml:5:1: probes[0].exec: not allowed together with http: a probe checks exactly"
                                + " one of http, tcp, unix, exec"),
                problems("[[probes]]\nhttp = \"http://h/\"\ntcp = \"h:1\"\nexec = \"true\"\n"));
    }

    @Test
    void httpKeys_onAnotherKindOfProbe_eachIsReportedAtItsKey() {
        assertEquals(
                List.of(
                        "services/web.toml:4:1: probes[0].status: only for http probes, and this one is tcp",
                        "services/web.toml:5:1: probes[0].body_contains: only for http probes, and this one is tcp",
                        "services/web.toml:6:1: probes[0].json: only for http probes, and this one is tcp"),
                problems("""
                        [[probes]]
                        tcp = "h:1"
                        status = "200"
                        body_contains = "ok"
                        json = { pointer = "/a" }
                        """));
    }

    @Test
    void urlThatDoesNotParse_saysWhyInTheModelsWords() {
        assertEquals(
                List.of(
                        "services/web.toml:3:1: probes[0].http: probe URL \"http://exa mple/\" does not parse:"
                                + " illegal character in authority at index 10"),
                problems("[[probes]]\nhttp = \"http://exa mple/\"\n"));
    }

    @Test
    void urlOfAnotherScheme_orWithoutAHost_isRejected() {
        assertEquals(
                List.of(
                        "services/web.toml:3:1: probes[0].http: probe URL \"ftp://h/\": scheme must be http or https",
                        "services/web.toml:5:1: probes[1].http: probe URL \"http:/path\": no host"),
                problems("[[probes]]\nhttp = \"ftp://h/\"\n[[probes]]\nhttp = \"http:/path\"\n"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            "2xx"     | bad status "2xx": use e.g. 200 or 200-299
            "600"     | bad status "600": HTTP statuses are 100 to 599
            "99-200"  | bad status "99-200": use e.g. 200 or 200-299
            "299-200" | bad status "299-200": the range ends below its start (use 200-299)
            true      | expected a status like "200" or "200-299", got boolean
            """)
    void badStatus_saysWhatIsWrong(String value, String message) {
        assertEquals(
                List.of("services/web.toml:4:1: probes[0].status: " + message),
                problems("[[probes]]\nhttp = \"http://h/\"\nstatus = " + value + "\n"));
    }

    @Test
    void tcpWithoutAPort_saysHowToWriteIt() {
        assertEquals(
                List.of(
                        "services/web.toml:3:1: probes[0].tcp: bad tcp address \"127.0.0.1\": no port (use HOST:PORT)",
                        "services/web.toml:5:1: probes[1].tcp: bad tcp address \"[::1]\": no port (use [::1]:PORT)"),
                problems("[[probes]]\ntcp = \"127.0.0.1\"\n[[probes]]\ntcp = \"[::1]\"\n"));
    }

    @Test
    void unknownRole_listsTheRoles() {
        assertEquals(
                List.of("services/web.toml:3:1: probes[0].role: expected one of startup, readiness, liveness, got"
                        + " \"alive\""),
                problems("[[probes]]\nrole = \"alive\"\nexec = \"true\"\n"));
    }

    @Test
    void unknownKeys_inAProbeAndItsJson_nameTheNearestValidKey() {
        assertEquals(
                List.of(
                        "services/web.toml:4:1: probes[0]: unknown key \"intervall\" (did you mean \"interval\"?)",
                        "services/web.toml:5:10: probes[0].json: unknown key \"pointr\" (did you mean \"pointer\"?)",
                        "services/web.toml:5:1: probes[0].json: no pointer: set pointer = \"/field\" (and equals, or"
                                + " the field only has to exist)")
                        .stream()
                        .sorted()
                        .toList(),
                problems("[[probes]]\nhttp = \"http://h/\"\nintervall = \"2s\"\njson = { pointr = \"/a\" }\n")
                        .stream()
                        .sorted()
                        .toList());
    }

    @Test
    void badJsonPointer_saysWhyInTheModelsWords() {
        assertEquals(
                List.of("services/web.toml:4:10: probes[0].json.pointer: json pointer \"status\" must start with /"),
                problems("[[probes]]\nhttp = \"http://h/\"\njson = { pointer = \"status\" }\n"));
    }

    @Test
    void thresholdsAndDurations_outOfRange() {
        assertEquals(
                List.of(
                        "services/web.toml:4:1: probes[0].interval: must be greater than 0",
                        "services/web.toml:5:1: probes[0].timeout: must be greater than 0",
                        "services/web.toml:6:1: probes[0].success_threshold: must be at least 1, got 0",
                        "services/web.toml:7:1: probes[0].failure_threshold: must be at least 1, got -1"),
                problems("""
                        [[probes]]
                        exec = "true"
                        interval = "0s"
                        timeout = "-1s"
                        success_threshold = 0
                        failure_threshold = -1
                        """));
    }

    @Test
    void emptyExec_isRejected() {
        assertEquals(
                List.of(
                        "services/web.toml:3:1: probes[0].exec: must not be empty",
                        "services/web.toml:5:1: probes[1].exec: the program (first word) must not be empty"),
                problems("[[probes]]\nexec = []\n[[probes]]\nexec = \"'' x\"\n"));
    }

    @Test
    void probesNotAsTables_isReported() {
        assertEquals(
                List.of(
                        "services/web.toml:2:1: probes: expected an array of tables like [[probes]], got string \"x\""),
                problems("probes = \"x\"\n"));
        config.service("web", SLEEP + "probes = [\"h:1\"]\n");
        assertEquals(
                List.of("services/web.toml:2:11: probes[0]: expected a table, got string \"h:1\""), config.problems());
    }

    @Test
    void probeOfAServiceInVigilToml_isLedByTheFullKeyPath() {
        config.file("vigil.toml", "[services.web]\n" + SLEEP + "[[services.web.probes]]\ntcp = \"h\"\n");
        assertEquals(
                List.of("vigil.toml:4:1: services.web.probes[0].tcp: bad tcp address \"h\": no port (use HOST:PORT)"),
                config.problems());
    }

    @Test
    void probesInDefaults_areNotAllowed() {
        config.file("vigil.toml", "[defaults]\n[[defaults.probes]]\nexec = \"true\"\n");
        config.service("web", SLEEP);
        assertEquals(
                List.of("vigil.toml:2:1: defaults.probes: not allowed in [defaults]: set it in each service"),
                config.problems());
    }
}
