package gilprobe.probe;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.locks.ReentrantLock;

import org.junit.jupiter.api.Test;

/** Probes never throw into the target, whatever they are handed, and pass the target's own exceptions through. */
class ProbeSuppressionTest {
    @Test
    void garbageTokensAndUnbalancedCallsAreSwallowed() {
        assertDoesNotThrow(() -> Probes.monitorAcquired(new Object()));
        assertDoesNotThrow(() -> Probes.monitorAcquired("not a token"));
        assertDoesNotThrow(() -> Probes.monitorRelease(new Object()));
        assertDoesNotThrow(() -> Probes.methodAcquireExit("junk", null, null));
        assertDoesNotThrow(Probes::methodReleaseEnter);
        assertDoesNotThrow(Probes::methodReleaseExit);
        assertDoesNotThrow(() -> Probes.designate(null));
        assertNull(Probes.monitorRequest(new Object(), -5), "an undesignated monitor gets no token");
    }

    @Test
    void aLoopCounterIsNeverNull() {
        assertNotNull(Probes.loopCounter(Integer.MAX_VALUE), "an unknown loop id still gets a counter");
        assertDoesNotThrow(() -> Probes.opcode(Probes.loopCounter(0), 7, Integer.MAX_VALUE));
    }

    @Test
    void theTargetsOwnExceptionsPassThroughUnchanged() {
        ReentrantLock lock = new ReentrantLock();
        assertThrows(IllegalMonitorStateException.class, () -> Probes.unlock(lock));
        assertThrows(IllegalMonitorStateException.class, () -> Probes.objectWait(new Object(), 1));
        assertThrows(NullPointerException.class, () -> Probes.objectWait(null));
    }
}
