package gilprobe.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The counting rules of {@link LockUse} with hand-made clock readings, no child JVM: what a request
 * that found the lock free records, what an overtaken one records, handoffs and unfair self re-acquires,
 * and the lock's last owner as the probes' shortcut to the caller's state.
 */
class LockUseTest {
    private static final Recording RECORDING = new Recording(Recording.Settings.NONE);

    private static LockUse state(int index) {
        return new ThreadState(Thread.currentThread(), index, false, false, 1, RECORDING).use(0);
    }

    /**
     * An uncontended acquisition (the lock was free at the request and nobody overtook it) records a wait
     * of 0, timed or not: one rule for every uncontended acquisition, whose own fast path is not timed.
     */
    @Test
    void anUncontendedAcquisitionRecordsAZeroWait() {
        LockState lock = new LockState(new Object());
        LockUse t = state(0);
        t.request(lock, false, true, 1_000);      // the first request of a thread is timed
        t.acquired(1_050);
        t.release();
        t.request(lock, false, false, 0);         // later ones that find the lock free are not
        t.acquired(t.lastStamp + 70);
        assertEquals(0, t.counts.waitNanos);
        assertEquals(2, t.wait.getTotalCount(), "one wait sample per acquisition, both 0");
        assertEquals(0, t.wait.getMaxValue());
        assertEquals(0, t.counts.contendedAcquisitions);
        assertEquals(0, t.counts.boundedWaits);
    }

    /**
     * The window between a holder counting its acquisition and publishing itself: a requester that looked at
     * the holder just before b published itself (so its caller passed "free", no clock) but read the count
     * after b's acquisition was counted. b publishes itself first and the request looks at the holder again
     * after the count, so the wait is measured (from the request's lower bound), not recorded as 0.
     */
    @Test
    void aRequestThatMissedAJustPublishedHolderStillWaits() {
        LockState lock = new LockState(new Object());
        LockUse a = state(0);
        LockUse b = state(1);
        a.request(lock, false, true, 1_000);
        a.acquired(1_000);
        a.releaseAt(2_000);
        b.request(lock, false, false, 0);
        b.acquired(2_100);                         // b holds, published and counted
        a.request(lock, false, false, 0);          // a's caller had seen no holder: no clock read
        b.releaseAt(9_000);
        a.acquired(9_050);
        assertEquals(9_050 - 2_000, a.counts.waitNanos, "waited from its lower bound, its last stamp");
        assertEquals(1, a.counts.contendedAcquisitions);
        assertEquals(1, a.counts.boundedWaits);
    }

    @Test
    void waitsFollowTheRules() {
        LockState lock = new LockState(new Object());
        LockUse a = state(0);
        LockUse b = state(1);

        // a: first request (timed), free, not overtaken: acquired, wait 0 (uncontended)
        a.request(lock, false, true, 1_000);
        a.acquired(1_040);
        assertEquals(0, a.counts.waitNanos);
        assertEquals(1, a.counts.acquisitions);
        assertEquals(0, a.counts.contendedAcquisitions);

        // b asks while a holds: timed, contended
        b.request(lock, true, true, 2_000);
        a.release();                               // reads the clock itself
        long releasedAt = a.lastStamp;
        b.acquired(releasedAt + 500);
        assertEquals(releasedAt + 500 - 2_000, b.counts.waitNanos, "a contended wait runs from the request's stamp");
        assertEquals(1, b.counts.contendedAcquisitions);
        assertEquals(1, b.counts.handoffsIn, "the lock passed from a to b");

        b.release();
        long bReleased = b.lastStamp;
        // a asks, finds it free, reads no clock: its start is the lower bound max(a's last stamp, last release)
        a.request(lock, false, false, 0);
        // b overtakes a: takes and frees the lock before a gets it
        b.request(lock, false, false, 0);
        b.acquired(bReleased + 1_000);
        b.release();
        a.acquired(b.lastStamp + 10);
        assertEquals(b.lastStamp + 10 - Math.max(releasedAt, bReleased), a.counts.waitNanos,
                "an overtaken request waits from its lower bound");
        assertEquals(1, a.counts.boundedWaits);
        assertEquals(1, a.counts.contendedAcquisitions, "overtaken is contended");
        assertEquals(0, b.counts.boundedWaits);
        assertEquals(b.counts.acquisitions, 2);
        assertEquals(1, b.counts.selfReacquire, "b took it again after its own release");
        assertEquals(1, b.counts.unfairSelfReacquire, "while a was asking: unfair");
    }

    @Test
    void theLastOwnerIsFoundWithoutAThreadLocal() {
        LockState lock = new LockState(new Object());
        LockUse t = state(0);
        assertEquals(null, lock.lastOwnerIfCurrent());
        t.request(lock, false, true, 10);
        t.acquired(20);
        assertEquals(t, lock.lastOwnerIfCurrent());
        t.release();
        assertEquals(t, lock.lastOwnerIfCurrent(), "still the last owner after its release");
        LockUse other = new ThreadState(new Thread(() -> { }), 1, false, false, 1, RECORDING).use(0);
        other.request(lock, false, false, 0);
        other.acquired(100);
        assertEquals(null, lock.lastOwnerIfCurrent(), "another thread's state is never handed out");
    }

    @Test
    void aReentrantRequestNestsAndOnlyTheOutermostReleaseEndsTheHold() {
        LockState lock = new LockState(new Object());
        LockUse t = state(0);
        t.request(lock, false, true, 10);
        t.acquired(10);
        assertTrue(t.nestIfHolding());
        assertFalse(t.requesting(), "a re-entrant request is no request");
        t.release();
        assertTrue(t.holds());
        t.release();
        assertFalse(t.holds());
        assertEquals(1, t.counts.acquisitions);
        assertEquals(null, lock.holder());
    }
}
