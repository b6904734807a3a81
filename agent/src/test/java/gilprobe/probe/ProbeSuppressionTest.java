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
        assertDoesNotThrow(() -> Probes.methodAcquireExit("junk", false));
        assertDoesNotThrow(() -> Probes.methodReleaseExit(Probes.methodReleaseEnter()));
        assertDoesNotThrow(() -> Probes.methodReleaseExit("junk"));
        assertDoesNotThrow(() -> Probes.methodReleaseExit(null));
        assertDoesNotThrow(() -> Probes.designate(null));
        assertNull(Probes.monitorRequest(new Object(), -5), "an undesignated monitor gets no token");
    }

    /** On a designated monitor, calls in orders instrumented code never makes are absorbed, not thrown. */
    @Test
    void unbalancedCallsOnADesignatedMonitorAreSwallowed() {
        Object monitor = new Object();
        gilprobe.record.Recording.designated().designate(monitor, 0);
        assertNotNull(gilprobe.record.Recording.designated().stateOf(monitor));
        assertDoesNotThrow(() -> Probes.monitorRelease(monitor), "a release without a hold");
        Object token = Probes.monitorRequest(monitor, 0);
        assertNotNull(token, "a designated monitor gets a token");
        assertDoesNotThrow(() -> Probes.monitorAcquired(token));
        assertDoesNotThrow(() -> Probes.monitorAcquired(token), "the same token twice");
        assertDoesNotThrow(() -> Probes.monitorRelease(monitor));
        assertDoesNotThrow(() -> Probes.monitorRelease(monitor), "one release too many");
        assertDoesNotThrow(() -> Probes.monitorReleasedAfterExit(monitor, System.nanoTime()));
        assertThrows(IllegalMonitorStateException.class, () -> Probes.objectWait(monitor, 1),
                "wait() without holding: the JVM's own exception, nothing of gilprobe's");
    }

    @Test
    void aLoopCounterIsNeverNull() {
        assertNotNull(Probes.loopCounter(Integer.MAX_VALUE), "an unknown loop id still gets a counter");
        // with opcodes=true the instrumented code increments counter.cases[slot] itself: never null, long enough
        var counter = Probes.loopCounter(Integer.MAX_VALUE);
        assertNotNull(counter.cases);
        assertDoesNotThrow(() -> counter.cases[16_383]++);
        assertDoesNotThrow(() -> Probes.opcode(counter, 7, Integer.MAX_VALUE), "the call of methods near the size limit");
    }

    @Test
    void theTargetsOwnExceptionsPassThroughUnchanged() {
        ReentrantLock lock = new ReentrantLock();
        assertThrows(IllegalMonitorStateException.class, () -> Probes.unlock(lock));
        assertThrows(IllegalMonitorStateException.class, () -> Probes.objectWait(new Object(), 1));
        assertThrows(NullPointerException.class, () -> Probes.objectWait(null));
    }
}
