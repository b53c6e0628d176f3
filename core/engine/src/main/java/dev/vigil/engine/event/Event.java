package dev.vigil.engine.event;

import dev.vigil.engine.model.ExitStatus;
import dev.vigil.engine.model.ServiceState;
import java.time.Instant;

/**
 * One transition of one service, immutable.
 *
 * @param seq the bus's sequence number, increasing by one per event, starting at 1
 * @param child the child it concerns, or null for the service as a whole
 * @param pid the process concerned, or null
 * @param exit how that process ended, or null
 */
public record Event(
        long seq, Instant time, String service, String child, ServiceState from, ServiceState to, String cause, Long pid, ExitStatus exit) {

    Event withSeq(long s) {
        return new Event(s, time, service, child, from, to, cause, pid, exit);
    }
}
