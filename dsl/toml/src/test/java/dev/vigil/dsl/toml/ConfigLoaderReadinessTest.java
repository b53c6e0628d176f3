package dev.vigil.dsl.toml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.engine.model.ReadinessSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [readiness]}: every key has its effect, {@code [defaults]} merges key by key, and its rules hold. */
class ConfigLoaderReadinessTest {

    private static final String SLEEP = "command = [\"sleep\", \"1\"]\n";
    private static final String SOCKET = "sockets = [\"tcp://127.0.0.1:8080\"]\n";

    @TempDir
    Path tmp;

    private TempConfig config;

    @BeforeEach
    void setUp() {
        config = new TempConfig(tmp);
    }

    private ReadinessSpec readiness(String serviceText) throws ConfigException {
        config.service("web", SLEEP + serviceText);
        return config.spec("web").readiness();
    }

    // --- effects ------------------------------------------------------------------------------------

    @Test
    void silentService_hasNoPushedSource() throws Exception {
        assertEquals(ReadinessSpec.NONE, readiness(""));
    }

    @Test
    void everyKey_hasItsEffect() throws Exception {
        assertEquals(
                new ReadinessSpec(true, true, true, Duration.ofSeconds(10)),
                readiness(SOCKET + "[readiness]\nmarker = true\nnotify = true\nsockets = true\nwatchdog = \"10s\"\n"));
    }

    @Test
    void eachKey_alone() throws Exception {
        assertEquals(new ReadinessSpec(true, false, false, Duration.ZERO), readiness("readiness.marker = true\n"));
        assertEquals(new ReadinessSpec(false, true, false, Duration.ZERO), readiness("readiness.notify = true\n"));
        assertEquals(
                new ReadinessSpec(false, false, true, Duration.ZERO), readiness(SOCKET + "readiness.sockets = true\n"));
    }

    @Test
    void watchdogZero_isOff_andNeedsNoNotify() throws Exception {
        assertEquals(ReadinessSpec.NONE, readiness("readiness.watchdog = \"0s\"\n"));
    }

    @Test
    void defaultsTable_readiness_mergesKeyByKey_withTheServicesOwn() throws Exception {
        config.file("vigil.toml", "[defaults]\n" + SOCKET + "[defaults.readiness]\nnotify = true\nsockets = true\n");
        config.service("plain", SLEEP);
        config.service("web", SLEEP + "[readiness]\nsockets = false\nwatchdog = \"5s\"\n");
        assertEquals(new ReadinessSpec(false, true, true, Duration.ZERO), config.spec("plain").readiness());
        assertEquals(new ReadinessSpec(false, true, false, Duration.ofSeconds(5)), config.spec("web").readiness());
    }

    // --- problems -----------------------------------------------------------------------------------

    private List<String> problems(String serviceText) {
        config.service("web", SLEEP + serviceText);
        return config.problems();
    }

    @Test
    void socketsTrue_withoutDeclaredSockets_isAnError_atTheKey() {
        assertEquals(
                List.of("services/web.toml:3:1: readiness.sockets: no socket to wait for: declare sockets ="
                        + " [\"tcp://HOST:PORT\"], or set this false"),
                problems("[readiness]\nsockets = true\n"));
        assertEquals(
                List.of("services/web.toml:2:1: readiness.sockets: no socket to wait for: declare sockets ="
                        + " [\"tcp://HOST:PORT\"], or set this false"),
                problems("readiness.sockets = true\nsockets = []\n"));
    }

    @Test
    void socketsTrue_fromDefaults_namesTheServiceWithoutSockets() {
        config.file("vigil.toml", "[defaults.readiness]\nsockets = true\n");
        config.service("api", SLEEP + SOCKET);
        assertEquals(
                List.of("vigil.toml:2:1: defaults.readiness.sockets: no socket to wait for: declare sockets ="
                        + " [\"tcp://HOST:PORT\"], or set this false (in service \"web\")"),
                problems(""));
    }

    @Test
    void socketsTrue_withAWrongSocketsValue_reportsOnlyTheWrongValue() {
        assertEquals(
                List.of("services/web.toml:2:1: sockets: expected an array of socket URIs, got string \"x\""),
                problems("sockets = \"x\"\nreadiness.sockets = true\n"));
    }

    @Test
    void watchdog_withoutNotify_isAnError_atTheWatchdog() {
        assertEquals(
                List.of("services/web.toml:4:1: readiness.watchdog: needs notify = true: a watchdog is kept by"
                        + " WATCHDOG=1 notifications"),
                problems("[readiness]\nmarker = true\nwatchdog = \"10s\"\n"));
    }

    @Test
    void watchdog_negative_mustNotBeNegative() {
        assertEquals(
                List.of("services/web.toml:2:1: readiness.watchdog: must not be negative"),
                problems("readiness.watchdog = \"-1s\"\nreadiness.notify = true\n"));
    }

    @Test
    void unknownKeysAndWrongTypes() {
        assertEquals(
                List.of(
                        "services/web.toml:3:1: readiness: unknown key \"notfy\" (did you mean \"notify\"?)",
                        "services/web.toml:4:1: readiness.marker: expected a boolean, got string \"yes\"",
                        "services/web.toml:5:1: readiness.watchdog: bad duration \"10\" (use e.g. 500ms, 10s, 5m, 1h)"),
                problems("[readiness]\nnotfy = true\nmarker = \"yes\"\nwatchdog = \"10\"\n"));
    }

    @Test
    void readinessNotATable_isReported() {
        assertEquals(
                List.of("services/web.toml:2:1: readiness: expected a table, got boolean"),
                problems("readiness = true\n"));
    }
}
