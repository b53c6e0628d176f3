package dev.vigil.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.api.client.ControlClient;
import dev.vigil.api.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A config folder and the built {@code ./vigil} running on it as a daemon, in its own process, the
 * way a user runs it. Closing it sends SIGTERM and waits for vigil to exit.
 */
final class Vigil implements AutoCloseable {

    static final Path REPO = Path.of(System.getProperty("vigil.repo", "..")).toAbsolutePath().normalize();
    static final Path LAUNCHER = REPO.resolve("vigil");
    static final ObjectMapper JSON = Json.mapper();

    final Path dir;
    final Path socket;
    final ControlClient client;
    private Process daemon;
    private Path daemonLog;
    private String javaOpts;

    Vigil(Path dir) {
        this.dir = dir;
        this.socket = dir.resolve(".vigil/control.sock");
        this.client = new ControlClient(socket);
    }

    /** Writes {@code services/NAME.toml}. */
    Vigil service(String name, String toml) throws IOException {
        Files.createDirectories(dir.resolve("services"));
        Files.writeString(dir.resolve("services/" + name + ".toml"), toml);
        return this;
    }

    /** Writes {@code vigil.toml}. */
    Vigil vigilToml(String toml) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("vigil.toml"), toml);
        return this;
    }

    /** Writes {@code RELATIVE} (e.g. {@code hooks/x.js}) in the config folder. */
    Vigil file(String relative, String text) throws IOException {
        Path f = dir.resolve(relative);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
        return this;
    }

    /** JVM flags for the daemon ({@code VIGIL_JAVA_OPTS}). */
    Vigil javaOpts(String opts) {
        this.javaOpts = opts;
        return this;
    }

    /** {@code PUT /v1/tasks/ID} with {@code body}; asserts a 200 or 201 and returns the record. */
    JsonNode putTask(String id, String body) throws IOException {
        var r = client.send("PUT", "/v1/tasks/" + id, body);
        if (r.status() != 201 && r.status() != 200) throw new AssertionError("PUT /v1/tasks/" + id + ": " + r.status() + " " + r.body());
        return JSON.readTree(r.body());
    }

    /** {@code GET /v1/tasks/ID}. */
    JsonNode task(String id) throws IOException {
        return JSON.readTree(client.send("GET", "/v1/tasks/" + id, null).body());
    }

    /** The state of task {@code id} (for awaitility conditions). */
    String taskState(String id) {
        try {
            return task(id).get("state").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code vigil daemon DIR} and waits for /readyz. */
    Vigil start() throws IOException {
        daemonLog = dir.resolve("daemon.out");
        // Appended: a test may start vigil again on the same folder (after a kill -9) and read both runs.
        ProcessBuilder pb = command("daemon", dir.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(daemonLog.toFile()));
        if (javaOpts != null) pb.environment().put("VIGIL_JAVA_OPTS", javaOpts);
        daemon = pb.start();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
            if (!daemon.isAlive()) throw new AssertionError("vigil exited " + daemon.exitValue() + ":\n" + Files.readString(daemonLog));
            try {
                return client.send("GET", "/readyz", null).status() == 200;
            } catch (IOException notYet) {
                return false;
            }
        });
        return this;
    }

    long pid() {
        return daemon.pid();
    }

    String daemonOutput() throws IOException {
        return Files.readString(daemonLog);
    }

    static ProcessBuilder command(String... args) {
        List<String> argv = new ArrayList<>(List.of(LAUNCHER.toString()));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().put("VIGIL_SKIP_BUILD", "1");
        pb.environment().remove("VIGIL_SOCKET");
        return pb;
    }

    /** The result of one CLI run. */
    record Run(int exit, String out, String err) {}

    /** Runs {@code ./vigil ARGS --socket S} to completion. */
    Run cli(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--socket");
        all.add(socket.toString());
        return run(dir, all.toArray(String[]::new));
    }

    static Run run(Path cwd, String... args) throws Exception {
        Path out = Files.createTempFile("vigil-out", ".txt");
        Path err = Files.createTempFile("vigil-err", ".txt");
        Process p = command(args).directory(cwd.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("vigil " + String.join(" ", args) + " did not finish");
        }
        Run r = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    JsonNode service(String name) throws IOException {
        return JSON.readTree(client.send("GET", "/v1/services/" + name, null).body());
    }

    String state(String name) throws IOException {
        return service(name).get("state").asText();
    }

    /** SIGKILL to vigil (no shutdown hook runs); waits until it is gone. */
    void kill9() throws InterruptedException {
        daemon.destroyForcibly();
        if (!daemon.waitFor(30, TimeUnit.SECONDS)) throw new AssertionError("vigil survived SIGKILL");
    }

    /** Waits for the daemon to exit on its own (after a shutdown request) and returns its exit code. */
    int awaitExit() throws InterruptedException {
        if (!daemon.waitFor(60, TimeUnit.SECONDS)) throw new AssertionError("vigil did not exit within 60 s");
        return daemon.exitValue();
    }

    /** SIGTERM to vigil; waits for it to exit and returns its exit code. */
    int terminate() throws InterruptedException {
        if (daemon == null || !daemon.isAlive()) return daemon == null ? -1 : daemon.exitValue();
        daemon.destroy();
        if (!daemon.waitFor(60, TimeUnit.SECONDS)) {
            daemon.destroyForcibly();
            throw new AssertionError("vigil did not exit within 60 s of SIGTERM");
        }
        return daemon.exitValue();
    }

    @Override
    public void close() throws Exception {
        terminate();
    }
}
