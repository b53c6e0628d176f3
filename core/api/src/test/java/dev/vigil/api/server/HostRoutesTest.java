package dev.vigil.api.server;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.api.client.ControlClient;
import dev.vigil.api.json.Json;
import dev.vigil.engine.clock.SystemScheduler;
import dev.vigil.engine.event.EventBus;
import dev.vigil.engine.os.SystemProcesses;
import dev.vigil.engine.supervise.Supervisor;
import dev.vigil.engine.supervise.SupervisorSettings;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /livez, /readyz and /v1/shutdown ask the {@link Host}. */
class HostRoutesTest {

    @TempDir
    Path dir;

    private final SystemProcesses procs = new SystemProcesses();
    private final SystemScheduler scheduler = new SystemScheduler();
    private volatile boolean ready;
    private volatile String notLive;
    private final CompletableFuture<Boolean> shutdown = new CompletableFuture<>();
    private ControlServer server;

    private ControlClient serve() throws Exception {
        Supervisor sup = new Supervisor(new SupervisorSettings(dir, "host-test"), procs, scheduler, Executors.newVirtualThreadPerTaskExecutor(),
                new EventBus(), new Random(), null);
        server = new ControlServer(sup, null, dir.resolve("control.sock"), new Host() {
            @Override
            public boolean ready() {
                return ready;
            }

            @Override
            public Optional<String> notLive() {
                return Optional.ofNullable(notLive);
            }

            @Override
            public void shutdown(boolean keepServices) {
                shutdown.complete(keepServices);
            }
        }, null);
        server.start();
        return new ControlClient(dir.resolve("control.sock"));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        procs.close();
        scheduler.close();
    }

    @Test
    void livez_is503WithTheReason_whenTheStoreDoesNotAnswer() throws Exception {
        ControlClient c = serve();
        assertEquals(200, c.send("GET", "/livez", null).status());
        notLive = "the store x.db did not answer a query within 1000 ms";
        ControlClient.Response r = c.send("GET", "/livez", null);
        assertEquals(503, r.status());
        JsonNode err = Json.mapper().readTree(r.body()).get("error");
        assertEquals("not_live", err.get("code").asText());
        assertEquals(notLive, err.get("message").asText());
    }

    @Test
    void readyz_waitsForTheHost() throws Exception {
        ControlClient c = serve();
        ControlClient.Response r = c.send("GET", "/readyz", null);
        assertEquals(503, r.status());
        assertTrue(r.body().contains("boot adoption not done yet"), r.body());
        ready = true;
        assertEquals(200, c.send("GET", "/readyz", null).status());
    }

    @Test
    void shutdown_answers202_thenAsksTheHost() throws Exception {
        ControlClient c = serve();
        ControlClient.Response r = c.send("POST", "/v1/shutdown?keep_services=true", null);
        assertEquals(202, r.status());
        assertEquals("{\"status\":\"shutting_down\",\"keep_services\":true}".length(), r.body().length());
        assertTrue(Json.mapper().readTree(r.body()).get("keep_services").asBoolean());
        assertTrue(shutdown.get(5, TimeUnit.SECONDS));
        assertEquals(405, c.send("GET", "/v1/shutdown", null).status());
        assertEquals(400, c.send("POST", "/v1/shutdown?keep_services=maybe", null).status());
    }
}
