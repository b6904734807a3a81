package gilprobe.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import gilprobe.report.model.LockReport;

/** Several locks designated at once: each its own entry of locks[], in the order given, with exact counts. */
class SeveralLocksIT {
    private static final String P = "gilprobe.it.programs.SeveralLocks";
    static final String MONITOR = "monitor=" + P + ".MONITOR";
    static final String PLAIN = "lock=" + P + ".PLAIN";
    static final String GIL = "acquire=" + P + "$Gil#take,release=" + P + "$Gil#drop";
    static final String SUB = "lock=" + P + ".SUB";
    static final String OWN = "lock=" + P + ".OWN";

    @Test
    void aMonitorALockAndAMethodsLockTogether() throws Exception {
        var r = ChildJvm.withAgent(PLAIN + "," + GIL + "," + MONITOR).run(P, "3", "5000");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("monitor=15000 plain=15000 sub=15000 own=15000 gil=15000\n", r.stdout());
        List<LockReport> locks = r.report().locks();
        assertEquals(List.of(PLAIN, GIL, MONITOR), locks.stream().map(LockReport::spec).toList(), "in the order given");
        assertEquals(List.of("lock", "methods", "monitor"), locks.stream().map(LockReport::kind).toList());
        for (LockReport lock : locks) {
            assertEquals(15000, lock.acquisitions(), lock.spec());
            LockCountsIT.assertConsistent(lock);
            assertEquals(3, lock.threads().stream().filter(t -> t.acquisitions() > 0).count(), lock.spec());
            assertTrue(lock.heldNanos() > 0, lock.spec());
        }
        // each lock has its own timeline: every hold of that lock, in the lanes of the threads that took it
        for (LockReport lock : locks) {
            var tl = lock.timeline();
            assertTrue(tl != null, lock.spec());
            long holds = tl.lanes().stream().flatMap(l -> l.intervals().stream()).filter(i -> i.state() == gilprobe.report.model.Timeline.State.HOLD).count();
            assertEquals(0, tl.droppedEvents(), lock.spec() + ": 5,000 holds per thread fit in the default window");
            assertEquals(lock.acquisitions(), holds, lock.spec());
            assertEquals(3, tl.lanes().size(), lock.spec());
        }
        assertEquals(r.report().timeline(), locks.get(0).timeline());
        // PLAIN is only ever taken inside MONITOR: it is never contended, and it is held within the monitor's holds
        LockReport plain = locks.get(0);
        LockReport monitor = locks.get(2);
        assertEquals(0, plain.contendedAcquisitions());
        assertEquals(0, plain.waitNanos());
        assertTrue(plain.heldNanos() < monitor.heldNanos(), plain.heldNanos() + " < " + monitor.heldNanos());
    }

    /**
     * A ReentrantLock subclass and a hand-written Lock, each called through its own class
     * ({@code invokevirtual MyLock.lock()}, {@code SpinLock.lock()}), designated with a monitor in one run:
     * every acquisition counted, and the spin lock's own {@code tryLock()} inside its {@code lock()} is not a
     * second one.
     */
    @Test
    void locksOfTheProgramsOwnClassesAreSeenThroughTheirOwnType() throws Exception {
        var r = ChildJvm.withAgent(MONITOR + "," + SUB + "," + OWN).run(P, "3", "5000");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("monitor=15000 plain=15000 sub=15000 own=15000 gil=15000\n", r.stdout());
        List<LockReport> locks = r.report().locks();
        assertEquals(List.of(MONITOR, SUB, OWN), locks.stream().map(LockReport::spec).toList());
        for (LockReport lock : locks) {
            assertEquals(15000, lock.acquisitions(), lock.spec());
            LockCountsIT.assertConsistent(lock);
        }
        assertTrue(r.stderr().lines().noneMatch(l -> l.contains("warning")), r.stderr());
    }

    /**
     * One thread alone: every acquisition after the first is a self re-acquire and none is unfair (nobody
     * else ever asks). A nested request inside the spin lock's lock() that were counted as a request of
     * its own would leave the lock "requested" for ever and make every later re-acquire look unfair.
     */
    @Test
    void aLocksOwnInnerCallsLeaveNoRequestBehind() throws Exception {
        var r = ChildJvm.withAgent(OWN).run(P, "1", "1000");
        assertEquals(0, r.exitCode(), r.stderr());
        LockReport own = r.lock();
        assertEquals(1000, own.acquisitions());
        assertEquals(999, own.handoffs().selfReacquire());
        assertEquals(0, own.handoffs().unfairSelfReacquire());
        assertEquals(0, own.contendedAcquisitions());
    }

    /** interval= with several locks: a summary line per lock naming it, and log entries tagged by lock. */
    @Test
    void intervalsArePerLock() throws Exception {
        var r = ChildJvm.withAgent(MONITOR + "," + GIL + ",interval=100ms").run(P, "2", "200000");
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stderr().lines().anyMatch(l -> l.contains("[" + MONITOR + "]") && l.contains("utilization")), r.stderr());
        assertTrue(r.stderr().lines().anyMatch(l -> l.contains("[" + GIL + "]") && l.contains("utilization")), r.stderr());
        String hlog = java.nio.file.Files.readString(java.nio.file.Path.of(r.prefix() + ".hlog"));
        assertTrue(hlog.contains("Tag=L1."), "entries of the first lock");
        assertTrue(hlog.contains("Tag=L2."), "entries of the second lock");
        // the log's hold counts of each lock add up to its acquisitions (every hold logged once)
        for (int li = 1; li <= 2; li++) {
            long logged = 0;
            var reader = new org.HdrHistogram.HistogramLogReader(new java.io.ByteArrayInputStream(
                    hlog.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            org.HdrHistogram.EncodableHistogram h;
            while ((h = reader.nextIntervalHistogram()) != null) {
                if (h.getTag() != null && h.getTag().startsWith("L" + li + ".") && h.getTag().endsWith(".hold")) {
                    logged += ((org.HdrHistogram.Histogram) h).getTotalCount();
                }
            }
            assertEquals(r.report().locks().get(li - 1).acquisitions(), logged, "lock " + li);
        }
    }

    /**
     * profile= with several locks: each lock has its waiting, held and free graphs, and every CPU sample is
     * in exactly one graph of each lock (the same samples, split by each lock's own timeline).
     */
    @Test
    void flameGraphsArePerLock() throws Exception {
        var r = ChildJvm.withAgent(MONITOR + "," + GIL + ",profile=cpu,profileInterval=1ms").run(P, "2", "300000");
        assertEquals(0, r.exitCode(), r.stderr());
        var profile = r.report().profile();
        assertEquals("ok", profile.status(), r.stderr());
        long[] cpu = new long[2];
        for (int li = 0; li < 2; li++) {
            int lock = li;
            var mine = profile.graphs().stream().filter(g -> g.lock() == lock).toList();
            assertTrue(mine.stream().map(g -> g.kind()).toList().containsAll(List.of("wait", "held", "free")), mine.toString());
            cpu[li] = mine.stream().filter(g -> !g.kind().equals("wait")).mapToLong(g -> g.samples()).sum();
            if (li == 1) {
                assertTrue(mine.stream().allMatch(g -> g.title().contains(GIL)), "titles name the lock");
            }
        }
        assertTrue(cpu[0] > 100, "CPU samples: " + cpu[0]);
        assertEquals(cpu[0], cpu[1], "every CPU sample once per lock");
    }
}
