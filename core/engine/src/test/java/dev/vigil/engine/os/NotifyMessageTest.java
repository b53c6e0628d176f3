package dev.vigil.engine.os;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NotifyMessageTest {

    private static NotifyMessage parse(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return NotifyMessage.parse(b, b.length, 42, 0);
    }

    @Test
    void readyAndStatus_areTyped() {
        NotifyMessage m = parse("READY=1\nSTATUS=loading model\n");
        assertTrue(m.ready());
        assertEquals(Optional.of("loading model"), m.status());
        assertEquals(List.of(), m.malformed());
        assertEquals(42, m.senderPid());
    }

    @Test
    void everyTypedKey_isRead() {
        NotifyMessage m = parse("STOPPING=1\nRELOADING=1\nWATCHDOG=1\nEXTEND_TIMEOUT_USEC=5000000\n"
                + "WATCHDOG_USEC=250000\nERRNO=2\nMAINPID=4242\nBARRIER=1");
        assertTrue(m.stopping());
        assertTrue(m.reloading());
        assertTrue(m.watchdog());
        assertFalse(m.watchdogTrigger());
        assertEquals(Optional.of(Duration.ofSeconds(5)), m.extendTimeout());
        assertEquals(Optional.of(Duration.ofMillis(250)), m.watchdogUsec());
        assertEquals(OptionalInt.of(2), m.errno());
        assertEquals(OptionalLong.of(4242), m.mainPid());
        assertTrue(m.barrier());
        assertFalse(m.ready());
    }

    @Test
    void watchdogTrigger_isNotAKeepAlive() {
        NotifyMessage m = parse("WATCHDOG=trigger");
        assertTrue(m.watchdogTrigger());
        assertFalse(m.watchdog());
    }

    @Test
    void absentKeys_areEmpty() {
        NotifyMessage m = parse("X_CUSTOM=1");
        assertFalse(m.ready());
        assertEquals(Optional.empty(), m.status());
        assertEquals(Optional.empty(), m.extendTimeout());
        assertEquals(Optional.empty(), m.watchdogUsec());
        assertEquals(OptionalInt.empty(), m.errno());
        assertEquals(OptionalLong.empty(), m.mainPid());
        assertFalse(m.barrier());
    }

    @Test
    void onlyReadyOne_isReady() {
        assertFalse(parse("READY=0").ready());
        assertFalse(parse("READY=yes").ready());
    }

    @Test
    void fields_keepOrder_andLaterDuplicatesWin() {
        NotifyMessage m = parse("STATUS=a\nREADY=1\nSTATUS=b\n");
        assertEquals(List.of("STATUS", "READY"), List.copyOf(m.fields().keySet()));
        assertEquals("b", m.fields().get("STATUS"));
    }

    @Test
    void unknownKeys_areKept_notMalformed() {
        NotifyMessage m = parse("FDSTORE=1\nX_VENDOR_THING=hello");
        assertEquals(Map.of("FDSTORE", "1", "X_VENDOR_THING", "hello"), m.fields());
        assertEquals(List.of(), m.malformed());
    }

    @ParameterizedTest
    @ValueSource(strings = {"EXTEND_TIMEOUT_USEC=abc", "EXTEND_TIMEOUT_USEC=-5", "EXTEND_TIMEOUT_USEC=",
        "WATCHDOG_USEC=1.5", "WATCHDOG_USEC=99999999999999999999", "MAINPID=-3", "MAINPID=0", "MAINPID=+7",
        "MAINPID=4294967296", "ERRNO=-1", "ERRNO=two"})
    void badNumber_isMalformed_notTyped(String line) {
        NotifyMessage m = parse(line);
        assertEquals(List.of(line), m.malformed());
        assertEquals(Map.of(), m.fields());
        assertEquals(Optional.empty(), m.extendTimeout());
        assertEquals(Optional.empty(), m.watchdogUsec());
        assertEquals(OptionalLong.empty(), m.mainPid());
        assertEquals(OptionalInt.empty(), m.errno());
    }

    @Test
    void aBadDuplicate_keepsTheEarlierGoodValue() {
        NotifyMessage m = parse("MAINPID=10\nMAINPID=x");
        assertEquals(OptionalLong.of(10), m.mainPid());
        assertEquals(List.of("MAINPID=x"), m.malformed());
    }

    @ParameterizedTest
    @ValueSource(strings = {"no equals sign", "=value", "lower=case", "SPACE KEY=1", "1ABC=x"})
    void lineThatIsNotAnAssignment_isMalformed(String line) {
        NotifyMessage m = parse("READY=1\n" + line + "\nSTATUS=ok");
        assertEquals(List.of(line), m.malformed());
        assertTrue(m.ready());
        assertEquals(Optional.of("ok"), m.status());
    }

    @Test
    void invalidUtf8_lineIsMalformed_theOthersKept() {
        byte[] b = {'R', 'E', 'A', 'D', 'Y', '=', '1', '\n', 'S', 'T', 'A', 'T', 'U', 'S', '=', (byte) 0xff, (byte) 0xc3};
        NotifyMessage m = NotifyMessage.parse(b, b.length, 0, 0);
        assertTrue(m.ready());
        assertEquals(Optional.empty(), m.status());
        assertEquals(List.of("STATUS=\uFFFD\uFFFD"), m.malformed());
    }

    @Test
    void valuesMayHoldEqualsSignsAndUnicode() {
        NotifyMessage m = parse("STATUS=a=b ✓ ü");
        assertEquals(Optional.of("a=b ✓ ü"), m.status());
    }

    @Test
    void emptyLinesAndEmptyDatagram_yieldNothing() {
        NotifyMessage m = parse("\n\nREADY=1\n\n");
        assertEquals(Map.of("READY", "1"), m.fields());
        assertEquals(List.of(), m.malformed());
        NotifyMessage empty = NotifyMessage.parse(new byte[0], 0, 0, 0);
        assertEquals(Map.of(), empty.fields());
        assertEquals(List.of(), empty.malformed());
    }

    @Test
    void onlyTheFirstLenBytes_areRead() {
        byte[] b = "READY=1\nSTATUS=x".getBytes(StandardCharsets.UTF_8);
        assertEquals(Map.of("READY", "1"), NotifyMessage.parse(b, 7, 0, 0).fields());
        assertThrows(IndexOutOfBoundsException.class, () -> NotifyMessage.parse(b, b.length + 1, 0, 0));
    }

    @Test
    void malformedLines_areEscapedAndShortened_forTheLog() {
        NotifyMessage m = parse("bad\u001b[31mred\rline\u0000x");
        assertEquals(List.of("bad\\x1b[31mred\\x0dline\\x00x"), m.malformed());
        NotifyMessage m2 = parse("x".repeat(5000));
        assertEquals(201, m2.malformed().getFirst().length());
        assertTrue(m2.malformed().getFirst().endsWith("…"));
    }

    @Test
    void aNulByte_makesTheLineMalformed() {
        NotifyMessage m = parse("STATUS=a\u0000b");
        assertEquals(Optional.empty(), m.status());
        assertEquals(1, m.malformed().size());
    }

    @Test
    void theRecord_isImmutable() {
        NotifyMessage m = parse("READY=1");
        assertThrows(UnsupportedOperationException.class, () -> m.fields().put("X", "y"));
        assertThrows(UnsupportedOperationException.class, () -> m.malformed().add("x"));
    }
}
