package gilprobe.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import gilprobe.report.model.LockReport;
import gilprobe.report.model.ThreadReport;

/** Exact counts against ground truth the test programs know, for every kind of designation. */
class LockCountsIT {
    private static final String P = "gilprobe.it.programs.";

    /** Every per-thread and per-lock number that must add up, whatever the program. */
    static void assertConsistent(LockReport lock) {
        long acq = 0, held = 0, wait = 0, contended = 0;
        for (ThreadReport t : lock.threads()) {
            acq += t.acquisitions();
            held += t.heldNanos();
            wait += t.waitNanos();
            contended += t.contendedAcquisitions();
            assertEquals(t.acquisitions(), t.holdTimes().count(), "one hold per acquisition: " + t.name());
            assertTrue(t.contendedAcquisitions() <= t.acquisitions());
        }
        assertEquals(lock.acquisitions(), acq);
        assertEquals(lock.heldNanos(), held);
        assertEquals(lock.waitNanos(), wait);
        assertEquals(lock.contendedAcquisitions(), contended);
        assertEquals(lock.acquisitions(), lock.holdTimes().count());
        assertEquals(lock.acquisitions() - lock.conditionWaits(), lock.waitTimes().count());
        // every acquisition but the very first is a handoff or a self re-acquire
        assertEquals(Math.max(0, lock.acquisitions() - 1),
                lock.handoffs().toOtherThread() + lock.handoffs().selfReacquire());
        assertTrue(lock.handoffs().unfairSelfReacquire() <= lock.handoffs().selfReacquire());
        long matrix = lock.handoffs().matrix().stream().mapToLong(e -> e.count()).sum();
        assertEquals(lock.handoffs().toOtherThread() + lock.handoffs().selfReacquire(), matrix);
    }

    @ParameterizedTest
    @ValueSource(strings = {"block", "nested", "throwing"})
    void synchronizedBlocksOnAStaticField(String mode) throws Exception {
        var r = ChildJvm.withAgent("monitor=" + P + "SyncBlocks.LOCK").run(P + "SyncBlocks", "4", "20000", mode);
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("counter=80000\n", r.stdout());
        LockReport lock = r.lock();
        assertTrue(lock.acquired());
        assertEquals(80_000, lock.acquisitions(), "T x K, re-entrant nesting adds none");
        for (int i = 0; i < 4; i++) {
            assertEquals(20_000, r.thread("worker-" + i).acquisitions());
        }
        assertConsistent(lock);
        assertHoldsDoNotOverlap(r.report());
    }

    /**
     * One lock is held by one thread at a time, so the threads' recorded holds must not overlap. (They
     * did on exception paths, where the release was timed after monitorexit: the thread woken by it often
     * took the lock, and the CPU, first; utilization came out above 1.) The release is now timed just
     * before monitorexit; the bound of 0.1% of the held time leaves room for clock readings of two cores
     * taken a few nanoseconds apart.
     */
    static void assertHoldsDoNotOverlap(gilprobe.report.model.Report report) {
        java.util.List<long[]> holds = new java.util.ArrayList<>();
        for (var lane : report.timeline().lanes()) {
            for (var iv : lane.intervals()) {
                if (iv.state() == gilprobe.report.model.Timeline.State.HOLD) {
                    holds.add(new long[] {iv.startNanos(), iv.endNanos(), lane.id()});
                }
            }
        }
        holds.sort(java.util.Comparator.comparingLong(h -> h[0]));
        long overlap = 0;
        long held = 0;
        long maxEnd = Long.MIN_VALUE;
        long maxEndOwner = -2;
        for (long[] h : holds) {
            held += h[1] - h[0];
            if (h[0] < maxEnd && h[2] != maxEndOwner) {
                overlap += Math.min(maxEnd, h[1]) - h[0];
            }
            if (h[1] > maxEnd) {
                maxEnd = h[1];
                maxEndOwner = h[2];
            }
        }
        assertTrue(overlap <= held / 1000, "holds of different threads overlap by " + overlap + " ns of " + held);
        assertTrue(report.locks().get(0).utilization() <= 1.0, "utilization " + report.locks().get(0).utilization());
    }

    @Test
    void staticSynchronizedMethodsWithTheClassAsMonitor() throws Exception {
        var r = ChildJvm.withAgent("monitor=" + P + "StaticSync").run(P + "StaticSync", "3", "10000");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("counter=30003\n", r.stdout());
        // 3 x 10000 inc(), one synchronized (StaticSync.class), one incTwice() whose inner calls nest
        assertEquals(30_002, r.lock().acquisitions());
        assertEquals(2, r.thread("main").acquisitions());
        assertConsistent(r.lock());
    }

    @Test
    void instanceFieldAndItsSynchronizedMethods() throws Exception {
        var r = ChildJvm.withAgent("monitor=" + P + "InstanceGil.gil").run(P + "InstanceGil", "2", "500", "50");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("counter=2000\n", r.stdout());
        LockReport lock = r.lock();
        assertEquals(2000, lock.acquisitions(), "500 synchronized-method calls and 500 blocks per thread");
        assertEquals(1, lock.instances());
        // two threads spinning 50 us inside a synchronized method: the method's wait is measured
        assertTrue(lock.contendedAcquisitions() > 0, "contention in synchronized methods is seen");
        assertTrue(lock.waitNanos() > 0);
        assertConsistent(lock);
    }

    @Test
    void reentrantLock() throws Exception {
        var r = ChildJvm.withAgent("lock=" + P + "Locks.LOCK").run(P + "Locks", "lock", "4", "20000");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("counter=80000\n", r.stdout());
        assertEquals(80_000, r.lock().acquisitions());
        assertEquals("lock", r.lock().kind());
        assertConsistent(r.lock());
    }

    @Test
    void failedTryLockIsNoAcquisition() throws Exception {
        var r = ChildJvm.withAgent("lock=" + P + "Locks.LOCK").run(P + "Locks", "trylock", "1000", "50");
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().startsWith("failed=50\n"), r.stdout());
        // 1000 successful timed tryLocks by main + 1 lock() by the holder thread; 50 failures add nothing
        assertEquals(1000, r.thread("main").acquisitions());
        assertEquals(1, r.thread("holder").acquisitions());
        assertEquals(1001, r.lock().acquisitions());
        assertConsistent(r.lock());
    }

    @Test
    void interruptedLockInterruptiblyIsNoAcquisition() throws Exception {
        var r = ChildJvm.withAgent("lock=" + P + "Locks.LOCK").run(P + "Locks", "interrupt");
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().startsWith("victim interrupted\n"), r.stdout());
        assertEquals(1, r.lock().acquisitions(), "only the holder acquired");
        assertFalse(r.lock().threads().stream().anyMatch(t -> t.name().equals("victim") && t.acquisitions() > 0));
        assertConsistent(r.lock());
    }

    @Test
    void conditionAwaitEndsTheHold() throws Exception {
        var r = ChildJvm.withAgent("lock=" + P + "Locks.LOCK").run(P + "Locks", "await", "10");
        assertEquals(0, r.exitCode(), r.stderr());
        LockReport lock = r.lock();
        assertEquals(10, lock.conditionWaits());
        assertEquals(11, lock.acquisitions(), "the lock() and a new hold after each await");
        assertTrue(lock.conditionWaitNanos() >= 10 * 19_000_000L, "10 timed-out awaits of 20 ms");
        assertTrue(lock.heldNanos() < lock.conditionWaitNanos(), "time in await is not hold time");
        assertConsistent(lock);
    }

    @Test
    void objectWaitEndsTheHoldAtAnyDepth() throws Exception {
        var r = ChildJvm.withAgent("monitor=" + P + "WaitNotify.LOCK").run(P + "WaitNotify", "10", "20");
        assertEquals(0, r.exitCode(), r.stderr());
        LockReport lock = r.lock();
        assertEquals(10, lock.conditionWaits());
        assertEquals(11, lock.acquisitions());
        assertTrue(lock.conditionWaitNanos() >= 10 * 19_000_000L);
        assertTrue(lock.heldNanos() < 50_000_000L, "holds are short; the waits are not holds: " + lock.heldNanos());
        assertConsistent(lock);
    }

    @Test
    void lockMadeOfMethodsCountsExactly() throws Exception {
        var r = ChildJvm.withAgent("acquire=" + P + "CpythonGil$Gil#take,release=" + P + "CpythonGil$Gil#drop")
                .run(P + "CpythonGil", "2", "100000", "1000");
        assertEquals(0, r.exitCode(), r.stderr());
        long takes = Long.parseLong(r.stdout().replaceAll("(?s).*takes=(\\d+).*", "$1"));
        // per thread: the first take, one re-take per x in {0, 1000, ..., 99000}
        assertEquals(2 * (1 + 100), takes);
        assertEquals(takes, r.lock().acquisitions());
        assertEquals("methods", r.lock().kind());
        assertConsistent(r.lock());
    }

    @Test
    void classesOfAChildLoaderAreCovered() throws Exception {
        var r = ChildJvm.withAgent("monitor=" + P + "SyncBlocks.LOCK").run(P + "ChildLoader", "2", "5000");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("loader=child\ncounter=10000\n", r.stdout());
        assertEquals(10_000, r.lock().acquisitions());
        assertConsistent(r.lock());
    }

    @Test
    void neverAcquiredLockIsReportedWithSuggestions() throws Exception {
        var r = ChildJvm.withAgent("monitor=" + P + "NeverAcquired.UNUSED").run(P + "NeverAcquired");
        assertEquals(0, r.exitCode(), r.stderr());
        LockReport lock = r.lock();
        assertFalse(lock.acquired());
        assertEquals(0, lock.acquisitions());
        assertFalse(lock.suggestions().isEmpty());
        assertEquals("monitor=" + P + "NeverAcquired.OTHER", lock.suggestions().get(0).option());
        assertEquals(10_000, lock.suggestions().get(0).acquisitions());
        assertEquals("monitor=" + P + "NeverAcquired.THIRD", lock.suggestions().get(1).option());
    }
}
