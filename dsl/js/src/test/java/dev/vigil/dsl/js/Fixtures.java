package dev.vigil.dsl.js;

import dev.vigil.engine.event.Event;
import dev.vigil.engine.model.BackoffPolicy;
import dev.vigil.engine.model.ChildSpec;
import dev.vigil.engine.model.ReadinessSpec;
import dev.vigil.engine.model.RestartPolicy;
import dev.vigil.engine.model.ServiceSpec;
import dev.vigil.engine.model.ServiceState;
import dev.vigil.engine.model.SocketSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Scripts in a config folder, services that use them, events: what the tests of this package share. */
final class Fixtures {

    private Fixtures() {}

    static Path write(Path dir, String relative, String text) {
        try {
            Path f = dir.resolve(relative);
            Files.createDirectories(f.getParent());
            Files.writeString(f, text);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ServiceSpec service(String name, Path script, List<SocketSpec> sockets) {
        var readiness = new ReadinessSpec(false, false, false, Duration.ZERO, script, Duration.ofSeconds(1));
        return new ServiceSpec(name, List.of(new ChildSpec(ChildSpec.MAIN, List.of("sleep", "1"), Path.of("/"), Map.of())),
                RestartPolicy.ON_FAILURE, false, true, Duration.ofSeconds(1), Duration.ofSeconds(10), sockets, BackoffPolicy.DEFAULT,
                readiness, List.of(), List.of(), Path.of(name + ".toml"));
    }

    static Event event(long seq, String service, ServiceState from, ServiceState to) {
        return new Event(seq, Instant.parse("2026-01-01T00:00:00Z"), service, null, from, to, "test", null, null);
    }

    /** An event as the API writes it (enough of it for the tests). */
    static String json(Event e) {
        return "{\"seq\":" + e.seq() + ",\"time\":\"" + e.time() + "\",\"service\":" + Glue.quote(e.service()) + ",\"child\":null,\"from\":\""
                + e.from() + "\",\"to\":\"" + e.to() + "\",\"cause\":" + Glue.quote(e.cause()) + ",\"pid\":null,\"exit\":null}";
    }
}
