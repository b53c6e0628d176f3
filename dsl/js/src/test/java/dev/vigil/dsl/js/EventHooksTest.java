package dev.vigil.dsl.js;

import static dev.vigil.engine.model.ServiceState.*;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.vigil.engine.supervise.Supervisor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Event hooks: on(event) gets the API's events, its filter holds, vigil.* asks the supervisor, a bad hook hurts no one. */
class EventHooksTest {

    private static final JsRuntime RUNTIME = new JsRuntime(Duration.ofMillis(300), 1_000_000);
    @TempDir
    Path dir;
    private final Queue<String> requests = new ConcurrentLinkedQueue<>();
    private final Queue<String> submitted = new ConcurrentLinkedQueue<>();
    private EventHooks hooks;

    private EventHooks hooks(Tasks tasks) {
        Control control = (service, action, by) -> {
            if (service.equals("ghost")) throw new IllegalArgumentException("no service \"ghost\"");
            requests.add(action + " " + service + " by " + by);
        };
        hooks = new EventHooks(RUNTIME, new EventHooks.Setup(dir, Set.of(dir.resolve("hooks/e-rule.js")), control, tasks, Fixtures::json));
        return hooks;
    }

    @AfterEach
    void tearDown() {
        if (hooks != null) hooks.close();
    }

    @AfterAll
    static void close() {
        RUNTIME.close();
    }

    @Test
    void on_getsTheEventsFields_andMayRestartAService() {
        Fixtures.write(dir, "hooks/restart.js", """
                function on(event) {
                  if (event.to === 'CRASHED' && event.seq === 7 && event.time === '2026-01-01T00:00:00Z' && event.from === 'READY'
                      && event.cause === 'test' && event.child === null) {
                    vigil.restart(event.service);
                  }
                }
                """);
        EventHooks h = hooks(null);
        h.accept(Fixtures.event(7, "llm", READY, CRASHED));
        await().atMost(Duration.ofSeconds(10)).until(() -> requests.contains("RESTART llm by hook hooks/restart.js"));
    }

    @Test
    void filter_selectsTheEvents_beforeAnyJsRuns() {
        Fixtures.write(dir, "hooks/crash.js", """
                var filter = {service: ['llm', 'tts'], to: 'crashed'};
                function on(event) { vigil.start('seen-' + event.seq); }
                """);
        EventHooks h = hooks(null);
        h.accept(Fixtures.event(1, "llm", STARTING, READY));
        h.accept(Fixtures.event(2, "web", READY, CRASHED));
        h.accept(Fixtures.event(3, "tts", READY, CRASHED));
        h.accept(Fixtures.event(4, "llm", READY, CRASHED));
        await().atMost(Duration.ofSeconds(10)).until(() -> requests.size() >= 2);
        assertEquals(List.of("START seen-3 by hook hooks/crash.js", "START seen-4 by hook hooks/crash.js"), List.copyOf(requests));
    }

    @Test
    void hostileHook_doesNotHoldBackAnother_andErrorsAreContained() {
        Fixtures.write(dir, "hooks/a-loop.js", "function on(event) { while (true) {} }");
        Fixtures.write(dir, "hooks/b-throw.js", "function on(event) { vigil.stop('ghost'); }");
        Fixtures.write(dir, "hooks/c-syntax.js", "function on(event) { (");
        Fixtures.write(dir, "hooks/d-good.js", "function on(event) { vigil.stop(event.service); }");
        Fixtures.write(dir, "hooks/e-rule.js", "function ready(ctx) { return 'ready'; }");
        EventHooks h = hooks(null);
        for (int i = 1; i <= 5; i++) h.accept(Fixtures.event(i, "svc" + i, READY, CRASHED));
        // the looping hook takes 300 ms an event; the good one must not wait for it
        await().atMost(Duration.ofSeconds(10)).until(() -> requests.size() == 5);
        assertTrue(requests.stream().allMatch(r -> r.startsWith("STOP svc") && r.endsWith("by hook hooks/d-good.js")), requests.toString());
    }

    @Test
    void submit_withoutTasks_isAClearError_andWithTasks_asksThem() {
        Fixtures.write(dir, "hooks/submit.js", """
                function on(event) {
                  try { vigil.submit('load:' + event.service, 'load-model', {model: 'qwen3', n: 2}); }
                  catch (e) { vigil.start('error:' + e.message); }
                }
                """);
        EventHooks without = hooks(null);
        without.accept(Fixtures.event(1, "llm", READY, IDLE));
        await().atMost(Duration.ofSeconds(10)).until(() -> !requests.isEmpty());
        assertTrue(requests.peek().contains("tasks are not available"), requests.peek());
        without.close();

        EventHooks with = hooks((id, template, params) -> submitted.add(id + " " + template + " " + params));
        with.accept(Fixtures.event(2, "llm", READY, IDLE));
        await().atMost(Duration.ofSeconds(10)).until(() -> !submitted.isEmpty());
        assertEquals("load:llm load-model {model=qwen3, n=2}", submitted.peek());
    }

    @Test
    void changedAndNewHookFiles_areTakenUp_withoutAReload() throws Exception {
        Path file = Fixtures.write(dir, "hooks/a.js", "function on(event) { vigil.start('first'); }");
        EventHooks h = hooks(null);
        h.accept(Fixtures.event(1, "x", READY, CRASHED));
        await().atMost(Duration.ofSeconds(10)).until(() -> requests.contains("START first by hook hooks/a.js"));
        Files.writeString(file, "function on(event) { vigil.start('second'); } // edited");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        Fixtures.write(dir, "hooks/b.js", "function on(event) { vigil.start('new'); }");
        Files.setLastModifiedTime(dir.resolve("hooks"), FileTime.from(Instant.now().plusSeconds(5)));
        h.accept(Fixtures.event(2, "x", READY, CRASHED));
        await().atMost(Duration.ofSeconds(10)).until(() -> requests.contains("START second by hook hooks/a.js")
                && requests.contains("START new by hook hooks/b.js"));
    }

    @Test
    void accept_neverBlocks_evenWhenHooksAreSlow() {
        Fixtures.write(dir, "hooks/slow.js", "function on(event) { while (true) {} }");
        EventHooks h = hooks(null);
        long t0 = System.nanoTime();
        for (int i = 0; i < 5000; i++) h.accept(Fixtures.event(i, "x", READY, CRASHED));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 2000);
    }

    @Test
    void hookHittingALimit_isPaused_thenRunsAgain() {
        Fixtures.write(dir, "hooks/spin.js", "function on(event) { vigil.start('ran-' + event.seq); if (event.seq < 100) for (;;) {} }");
        EventHooks h = hooks(null);
        for (int i = 1; i <= 5; i++) h.accept(Fixtures.event(i, "x", READY, CRASHED));
        await().atMost(Duration.ofSeconds(10)).until(() -> requests.contains("START ran-1 by hook hooks/spin.js"));
        // Events 2 to 5 came within the pause: skipped, no JS run for them.
        h.accept(Fixtures.event(100, "x", READY, CRASHED));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!requests.contains("START ran-100 by hook hooks/spin.js")) h.accept(Fixtures.event(100, "x", READY, CRASHED));
            return requests.contains("START ran-100 by hook hooks/spin.js");
        });
        assertFalse(requests.stream().anyMatch(r -> r.matches("START ran-[2-5] .*")), requests.toString());
    }

    @Test
    void hookFailingThreeTimesInARow_isPaused() {
        Fixtures.write(dir, "hooks/throws.js", "function on(event) { vigil.start('t-' + event.seq); throw new Error('always'); }");
        Fixtures.write(dir, "hooks/last.js", "var filter = {service: 'end'}; function on(event) { vigil.start('end'); }");
        EventHooks h = hooks(null);
        for (int i = 1; i <= 6; i++) h.accept(Fixtures.event(i, "x", READY, CRASHED));
        h.accept(Fixtures.event(7, "end", READY, CRASHED));
        await().atMost(Duration.ofSeconds(10)).until(() -> requests.contains("START end by hook hooks/last.js")
                && requests.contains("START t-3 by hook hooks/throws.js"));
        assertFalse(requests.stream().anyMatch(r -> r.matches("START t-[4-6] .*")), requests.toString());
    }

    @Test
    void readinessScripts_inTheFolder_areNotEventHooks() throws Exception {
        Fixtures.write(dir, "hooks/e-rule.js", "function ready(ctx) { return 'ready'; } function on(e) { vigil.start('rule-ran'); }");
        Fixtures.write(dir, "hooks/good.js", "function on(event) { vigil.start('good'); }");
        EventHooks h = hooks(null);
        h.accept(Fixtures.event(1, "x", READY, CRASHED));
        h.accept(Fixtures.event(2, "x", CRASHED, STARTING));
        await().atMost(Duration.ofSeconds(10)).until(() -> requests.stream().filter(r -> r.startsWith("START good")).count() == 2);
        assertFalse(requests.stream().anyMatch(r -> r.contains("rule-ran")), requests.toString());
    }

    @Test
    void badFilter_isReportedAndTheHookSkipped() throws Exception {
        Fixtures.write(dir, "hooks/bad.js", "var filter = {servce: 'x'}; function on(event) { vigil.start('ran'); }");
        Fixtures.write(dir, "hooks/good.js", "function on(event) { vigil.start('good'); }");
        EventHooks h = hooks(null);
        h.accept(Fixtures.event(1, "x", READY, CRASHED));
        await().atMost(Duration.ofSeconds(10)).until(() -> requests.contains("START good by hook hooks/good.js"));
        CountDownLatch none = new CountDownLatch(1);
        assertFalse(none.await(200, TimeUnit.MILLISECONDS)); // a short grace: "ran" must never come
        assertFalse(requests.stream().anyMatch(r -> r.contains("ran")), requests.toString());
    }

}
