package dev.vigil.engine.os;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real sockets, the real {@code systemd-notify}, and a hostile sender through FFM. */
class NotifyReceiverTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final NotifyReceiver receiver = new NotifyReceiver();
    private final NotifySender sender = new NotifySender();

    @AfterEach
    void close() {
        receiver.close();
        sender.close();
    }

    /** Collects what a socket delivers; take() waits for the next message. */
    private static final class Inbox implements Consumer<NotifyMessage> {
        final BlockingQueue<NotifyMessage> queue = new LinkedBlockingQueue<>();

        @Override
        public void accept(NotifyMessage m) {
            queue.add(m);
        }

        NotifyMessage take() throws InterruptedException {
            NotifyMessage m = queue.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(m, "no notify message arrived");
            return m;
        }
    }

    private Path socket(String name) {
        return dir.resolve(name);
    }

    /** Runs the real systemd-notify against {@code socket}; returns its exit code and output. */
    private static Ran systemdNotify(Path socket, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("/usr/bin/systemd-notify"));
        argv.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().put("NOTIFY_SOCKET", socket.toString());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), "systemd-notify did not exit");
        return new Ran(p.exitValue(), output, p.pid());
    }

    private record Ran(int exitCode, String output, long pid) {}

    @Test
    void systemdNotifyReady_deliversReadyAndStatus_thenABarrierWhoseFdIsClosed_soItExitsZero() throws Exception {
        Inbox inbox = new Inbox();
        Path path = receiver.open(socket("n.sock"), inbox).path();

        Ran ran = systemdNotify(path, "--ready", "--status=loading model");

        // Without the barrier fd closed, systemd-notify gives up after 5 s and exits 1.
        assertEquals(0, ran.exitCode(), ran.output());
        NotifyMessage first = inbox.take();
        assertTrue(first.ready());
        assertEquals(Optional.of("loading model"), first.status());
        assertEquals(0, first.fdsReceived());
        NotifyMessage second = inbox.take();
        assertTrue(second.barrier());
        assertEquals(1, second.fdsReceived());
        // systemd-notify sends the assignments on behalf of its parent (the credentials name this JVM),
        // but the barrier as itself.
        assertEquals(ProcessHandle.current().pid(), first.senderPid());
        assertEquals(ran.pid(), second.senderPid());
    }

    @Test
    void systemdNotifyStopping_deliversStopping() throws Exception {
        Inbox inbox = new Inbox();
        Path path = receiver.open(socket("n.sock"), inbox).path();

        assertEquals(0, systemdNotify(path, "STOPPING=1").exitCode());

        NotifyMessage m = inbox.take();
        assertTrue(m.stopping());
        assertFalse(m.ready());
        assertTrue(inbox.take().barrier());
    }

    @Test
    void systemdNotifyStatusAlone_deliversStatusWithoutReady() throws Exception {
        Inbox inbox = new Inbox();
        Path path = receiver.open(socket("n.sock"), inbox).path();

        assertEquals(0, systemdNotify(path, "--status=x").exitCode());

        NotifyMessage m = inbox.take();
        assertEquals(Optional.of("x"), m.status());
        assertFalse(m.ready());
        assertEquals(List.of(), m.malformed());
    }

    @Test
    void systemdNotifyExtendTimeout_deliversADuration() throws Exception {
        Inbox inbox = new Inbox();
        Path path = receiver.open(socket("n.sock"), inbox).path();

        assertEquals(0, systemdNotify(path, "EXTEND_TIMEOUT_USEC=5000000").exitCode());

        assertEquals(Optional.of(Duration.ofSeconds(5)), inbox.take().extendTimeout());
    }

    @Test
    void systemdNotifyMainPid_asAssignmentAndAsOption_deliversThePid() throws Exception {
        Inbox inbox = new Inbox();
        Path path = receiver.open(socket("n.sock"), inbox).path();

        assertEquals(0, systemdNotify(path, "MAINPID=4242").exitCode());
        assertEquals(OptionalLong.of(4242), inbox.take().mainPid());
        assertTrue(inbox.take().barrier());

        assertEquals(0, systemdNotify(path, "--pid=4343").exitCode());
        assertEquals(OptionalLong.of(4343), inbox.take().mainPid());
        assertTrue(inbox.take().barrier());

        assertEquals(0, systemdNotify(path, "MAINPID=-3").exitCode());
        NotifyMessage bad = inbox.take();
        assertEquals(OptionalLong.empty(), bad.mainPid());
        assertEquals(List.of("MAINPID=-3"), bad.malformed());
    }

    @Test
    void ownSender_isNamedByItsPid() throws Exception {
        Inbox inbox = new Inbox();
        Path path = receiver.open(socket("n.sock"), inbox).path();

        sender.send(path, "READY=1");

        assertEquals(ProcessHandle.current().pid(), inbox.take().senderPid());
    }

    @Test
    void garbageBytes_areMalformed_andTheNextDatagramStillArrives() throws Exception {
        Inbox inbox = new Inbox();
        Path path = receiver.open(socket("n.sock"), inbox).path();
        byte[] garbage = new byte[512];
        new java.util.Random(7).nextBytes(garbage);

        sender.send(path, garbage);
        sender.send(path, "READY=1");

        NotifyMessage junk = inbox.take();
        assertFalse(junk.malformed().isEmpty());
        assertFalse(junk.ready());
        assertTrue(inbox.take().ready());
    }

    @Test
    void invalidUtf8AndALineWithoutEquals_areMalformed_theRestDelivered() throws Exception {
        Inbox inbox = new Inbox();
        Path path = receiver.open(socket("n.sock"), inbox).path();
        byte[] data = "STATUS=\u00ff\nhello\nREADY=1".getBytes(StandardCharsets.ISO_8859_1); // 0xff alone is not UTF-8

        sender.send(path, data);

        NotifyMessage m = inbox.take();
        assertTrue(m.ready());
        assertEquals(Optional.empty(), m.status());
        assertEquals(List.of("STATUS=\uFFFD", "hello"), m.malformed());
    }

    @Test
    void emptyDatagram_isIgnored() throws Exception {
        Inbox inbox = new Inbox();
        Path path = receiver.open(socket("n.sock"), inbox).path();

        sender.send(path, new byte[0]);
        sender.send(path, "READY=1");

        assertTrue(inbox.take().ready(), "the empty datagram reached the callback");
    }

    @Test
    void datagramOver8KiB_isDropped_andTheReceiverGoesOn() throws Exception {
        Inbox inbox = new Inbox();
        NotifyReceiver.Registration reg = receiver.open(socket("n.sock"), inbox);
        byte[] big = ("STATUS=" + "x".repeat(10 * 1024)).getBytes(StandardCharsets.UTF_8);

        sender.send(reg.path(), big);
        sender.send(reg.path(), "READY=1");

        assertTrue(inbox.take().ready(), "the truncated datagram reached the callback");
        assertEquals(1, reg.dropped());
    }

    @Test
    void passedFds_areClosedAtOnce_evenBeyondSixteen() throws Exception {
        Inbox inbox = new Inbox();
        Path path = receiver.open(socket("n.sock"), inbox).path();
        int[][] pipes = new int[20][];
        int[] writeEnds = new int[pipes.length];
        for (int i = 0; i < pipes.length; i++) {
            pipes[i] = NotifySender.pipe();
            writeEnds[i] = pipes[i][1];
        }
        try {
            sender.send(path, "BARRIER=1".getBytes(StandardCharsets.UTF_8), writeEnds);
            for (int w : writeEnds) Libc.close(w);

            NotifyMessage m = inbox.take();
            assertTrue(m.barrier());
            assertEquals(NotifyReader.MAX_FDS, m.fdsReceived(), "the kernel installs no more fds than the control buffer holds");
            for (int[] p : pipes) assertTrue(NotifySender.hungUp(p[0], (int) PATIENCE.toMillis()), "a passed fd stayed open");
        } finally {
            for (int[] p : pipes) Libc.close(p[0]);
        }
    }

    @Test
    void callbackThatThrows_isLogged_andDeliveryGoesOn() throws Exception {
        Inbox inbox = new Inbox();
        AtomicInteger calls = new AtomicInteger();
        Path path = receiver.open(socket("n.sock"), m -> {
                    if (calls.incrementAndGet() == 1) throw new IllegalStateException("boom");
                    inbox.accept(m);
                })
                .path();

        sender.send(path, "STATUS=first");
        sender.send(path, "READY=1");

        assertTrue(inbox.take().ready());
        assertEquals(2, calls.get());
    }

    @Test
    void floodOfTenThousand_onOneSocket_stillDeliversAnotherSocketsReady() throws Exception {
        AtomicInteger flooded = new AtomicInteger();
        Path noisy = receiver.open(socket("noisy.sock"), m -> flooded.incrementAndGet()).path();
        Inbox quiet = new Inbox();
        Path calm = receiver.open(socket("calm.sock"), quiet).path();
        Thread flood = Thread.ofPlatform().start(() -> {
            try (NotifySender s = new NotifySender()) {
                for (int i = 0; i < 10_000; i++) s.send(noisy, "STATUS=" + i);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });

        await().atMost(PATIENCE).until(() -> flooded.get() >= 100);
        sender.send(calm, "READY=1");

        assertTrue(quiet.take().ready());
        await().atMost(PATIENCE).until(() -> flooded.get() == 10_000);
        flood.join();
        sender.send(calm, "STATUS=still here");
        assertEquals(Optional.of("still here"), quiet.take().status());
    }

    @Test
    void aBusySocket_yieldsToTheOthers_afterItsShareOfARound() throws Exception {
        int perRound = 3;
        try (NotifyReceiver fair = new NotifyReceiver(System::nanoTime, perRound)) {
            List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
            CountDownLatch inFirstCallback = new CountDownLatch(1);
            CountDownLatch gate = new CountDownLatch(1);
            Path busy = fair.open(socket("busy.sock"), m -> {
                        order.add("busy");
                        inFirstCallback.countDown();
                        awaitQuietly(gate); // holds the notify thread while the test fills the queue
                    })
                    .path();
            Inbox inbox = new Inbox();
            Path other = fair.open(socket("other.sock"), m -> {
                        order.add("other");
                        inbox.accept(m);
                    })
                    .path();

            int queued = 0;
            try {
                sender.send(busy, "STATUS=0");
                assertTrue(inFirstCallback.await(PATIENCE.toSeconds(), TimeUnit.SECONDS));
                while (sender.trySend(busy, "STATUS=" + (queued + 1))) queued++;
                assertTrue(queued > 2 * perRound, "the kernel queued only " + queued + " datagrams (net.unix.max_dgram_qlen)");
                sender.send(other, "READY=1");
            } finally {
                gate.countDown();
            }

            assertTrue(inbox.take().ready());
            int busyFirst = order.indexOf("other");
            assertTrue(busyFirst <= 2 * perRound, busyFirst + " of " + (queued + 1) + " busy datagrams were read first");
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void pathOver107Bytes_isRefused_namingThePathAndItsLength() {
        Path longPath = dir.resolve("s".repeat(120) + ".sock");
        int length = longPath.toString().getBytes(StandardCharsets.UTF_8).length;

        IOException e = assertThrows(IOException.class, () -> receiver.open(longPath, m -> {}));

        assertTrue(e.getMessage().contains(longPath.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(length + " bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("107"), e.getMessage());
        assertFalse(Files.exists(longPath, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void staleFileAtThePath_isReplaced() throws Exception {
        Path path = socket("n.sock");
        Files.writeString(path, "left over by a crash");
        Inbox inbox = new Inbox();

        receiver.open(path, inbox);
        sender.send(path, "READY=1");

        assertTrue(inbox.take().ready());
    }

    @Test
    void theSocket_isReadableAndWritableByItsOwner() throws Exception {
        Path path = receiver.open(socket("n.sock"), m -> {}).path();

        assertTrue(Files.getPosixFilePermissions(path)
                .containsAll(List.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
    }

    @Test
    void samePathTwice_isRefused() throws Exception {
        Path path = receiver.open(socket("n.sock"), m -> {}).path();

        IOException e = assertThrows(IOException.class, () -> receiver.open(path, m -> {}));
        assertTrue(e.getMessage().contains("already open"), e.getMessage());
    }

    @Test
    void missingFolder_isAClearIOException() {
        Path path = dir.resolve("no/such/folder/n.sock");

        IOException e = assertThrows(IOException.class, () -> receiver.open(path, m -> {}));
        assertTrue(e.getMessage().contains("No such file or directory"), e.getMessage());
    }

    @Test
    void registrationClose_removesTheFile_andDeliveryStops() throws Exception {
        AtomicInteger delivered = new AtomicInteger();
        NotifyReceiver.Registration reg = receiver.open(socket("n.sock"), m -> delivered.incrementAndGet());

        reg.close();

        assertFalse(Files.exists(reg.path(), LinkOption.NOFOLLOW_LINKS));
        assertThrows(IOException.class, () -> sender.send(reg.path(), "READY=1"));
        assertEquals(0, receiver.size());
        // The path can be opened again.
        Inbox inbox = new Inbox();
        receiver.open(reg.path(), inbox);
        sender.send(reg.path(), "READY=1");
        assertTrue(inbox.take().ready());
        assertEquals(0, delivered.get());
    }

    @Test
    void receiverClose_removesEverySocket_andRefusesNewOnes() throws Exception {
        Path a = receiver.open(socket("a.sock"), m -> {}).path();
        Path b = receiver.open(socket("b.sock"), m -> {}).path();

        receiver.close();

        assertFalse(Files.exists(a, LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(b, LinkOption.NOFOLLOW_LINKS));
        assertEquals(0, receiver.size());
        assertThrows(IllegalStateException.class, () -> receiver.open(socket("c.sock"), m -> {}));
    }
}
