package dev.vigil.engine.readiness;

import static dev.vigil.engine.model.ServiceState.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.vigil.engine.readiness.Board.Answer;
import org.junit.jupiter.api.Test;

class BoardTest {

    private final Board board = new Board();

    @Test
    void everySourceMustHold_andTheDetailNamesWhatIsMissing() {
        board.require("marker of child api");
        board.require("marker of child ui");
        assertEquals(STARTING, board.level());
        board.set("marker of child api", Answer.HOLDS, null);
        assertEquals(STARTING, board.level());
        assertEquals("waiting for marker of child ui", board.detail());
        board.set("marker of child ui", Answer.HOLDS, null);
        assertEquals(READY, board.level());
        assertEquals("ready: marker of child api, marker of child ui", board.detail());
    }

    @Test
    void warmingAnswers_warm_missingOnesStillWin() {
        board.require("READY=1");
        board.require("socket tcp://127.0.0.1:8080");
        board.set("READY=1", Answer.WARMING, "loading model");
        assertEquals(STARTING, board.level());
        board.set("socket tcp://127.0.0.1:8080", Answer.HOLDS, null);
        assertEquals(WARMING, board.level());
        assertEquals("waiting for READY=1 (loading model)", board.detail());
    }

    @Test
    void idleAndServing_colourAReadyBoard() {
        board.require("provider llama-server");
        board.require("READY=1");
        board.set("READY=1", Answer.HOLDS, null);
        board.set("provider llama-server", Answer.SERVING, null);
        assertEquals(SERVING, board.level());
        board.set("provider llama-server", Answer.IDLE, "no model loaded");
        assertEquals(IDLE, board.level());
        assertTrue(board.holds("READY=1"));
        assertFalse(board.holds("provider llama-server"));
    }

    @Test
    void anUndeclaredSource_isIgnored() {
        board.require("marker");
        board.set("something else", Answer.HOLDS, null);
        assertEquals(STARTING, board.level());
    }
}
