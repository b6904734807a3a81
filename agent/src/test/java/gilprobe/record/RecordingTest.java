package gilprobe.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import gilprobe.report.model.Handoffs;
import gilprobe.report.model.LockReport;
import gilprobe.report.model.Report;
import gilprobe.report.model.ThreadReport;
import gilprobe.report.model.Timeline;

/**
 * The counting rules from probe events to the report, on a {@link Recording} instance driven by hand with
 * known clock readings (no child JVM, no instrumentation): every number of the snapshot is checked against
 * the script of events the test plays.
 */
class RecordingTest {
    /** Settings for monitor designations {@code specs}, in that order. */
    static Recording.Settings settings(int timelinePerThread, String... specs) {
        List<Recording.Designation> locks = new java.util.ArrayList<>();
        for (String spec : specs) {
            locks.add(new Recording.Designation(spec, "monitor"));
        }
        return new Recording.Settings(locks, String.join(",", specs), timelinePerThread, 8, false);
    }

    private static Recording recording(int timelinePerThread) {
        return new Recording(settings(timelinePerThread, "monitor=x.Y.lock"));
    }

    /** A thread object that is never started: a state for a hand-driven thread of the script. */
    private static LockUse thread(Recording r, String name) {
        return r.register(new Thread(name), false).use(0);
    }

    private static ThreadReport row(LockReport lock, String name) {
        return lock.threads().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    /**
     * A two-thread battle played event by event: a holds, b asks and waits, a releases and takes the lock
     * straight back while b still waits (unfair self re-acquire), then hands it to b; b releases, a takes
     * it (handoff), a nested acquire inside, a failed tryLock by b.
     */
    @Test
    void aScriptedBattleGivesExactNumbers() {
        Recording r = recording(100);
        LockState lock = new LockState(new Object());
        LockUse a = thread(r, "a");
        LockUse b = thread(r, "b");
        long t0 = r.startNanos();

        a.request(lock, false, true, t0 + 100);
        a.acquired(t0 + 110);                          // 1: a, uncontended, wait 0
        b.request(lock, true, true, t0 + 200);         // b asks while a holds
        a.releaseAt(t0 + 300);                         // a held 190
        a.request(lock, false, false, 0);              // a asks again at once: finds it free, no clock
        a.acquired(t0 + 310);                          // 2: a again while b requests: unfair self re-acquire
        a.releaseAt(t0 + 400);                         // a held 90
        b.acquired(t0 + 450);                          // 3: b, contended, waited 250; handoff a -> b
        assertTrue(b.nestIfHolding(), "b asks again while holding: re-entrant, not an acquisition");
        b.releaseAt(t0 + 460);                         // inner release: the hold goes on
        b.releaseAt(t0 + 650);                         // b held 200
        a.request(lock, false, false, 0);
        a.acquired(t0 + 700);                          // 4: a, handoff b -> a, not overtaken: wait 0
        b.request(lock, true, true, t0 + 710);
        b.requestFailed();                             // b's tryLock failed
        a.releaseAt(t0 + 800);                         // a held 100

        LockReport l = r.snapshot().locks().get(0);
        assertEquals(4, l.acquisitions());
        assertEquals(1, l.contendedAcquisitions());
        assertEquals(190 + 90 + 200 + 100, l.heldNanos());
        assertEquals(250, l.waitNanos());
        Handoffs h = l.handoffs();
        assertEquals(2, h.toOtherThread(), "a -> b and b -> a");
        assertEquals(1, h.selfReacquire());
        assertEquals(1, h.unfairSelfReacquire(), "b was requesting when a took it back");
        assertEquals(4, l.holdTimes().count());
        assertEquals(4, l.waitTimes().count(), "one wait sample per acquisition (none from a condition wait)");
        assertEquals(250, l.waitTimes().max(), 250 * 0.01);

        ThreadReport ra = row(l, "a");
        ThreadReport rb = row(l, "b");
        assertEquals(3, ra.acquisitions());
        assertEquals(1, rb.acquisitions());
        assertEquals(380, ra.heldNanos());
        assertEquals(200, rb.heldNanos());
        assertEquals(250, rb.waitNanos());
        assertEquals(1, ra.unfairSelfReacquire());
        assertEquals(1, b.counts.failedRequests);

        // handoff edges: a -> b once, b -> a once, a -> a once
        assertEquals(3, h.matrix().size());
        assertEquals(1, edge(h, a.thread.threadId, b.thread.threadId));
        assertEquals(1, edge(h, b.thread.threadId, a.thread.threadId));
        assertEquals(1, edge(h, a.thread.threadId, a.thread.threadId));

        // the timeline holds each interval, relative to the run start
        Timeline tl = r.snapshot().timeline();
        Timeline.Lane laneB = tl.lanes().stream().filter(x -> x.name().equals("b")).findFirst().orElseThrow();
        assertEquals(List.of(new Timeline.Interval(Timeline.State.WAIT, 200, 450),
                new Timeline.Interval(Timeline.State.HOLD, 450, 650)),
                laneB.intervals());
        assertEquals(0, tl.droppedEvents());
    }

    private static long edge(Handoffs h, long from, long to) {
        return h.matrix().stream().filter(e -> e.fromId() == from && e.toId() == to).mapToLong(Handoffs.Edge::count).sum();
    }

    /** {@code wait()} ends the hold whatever the depth; the return is an acquisition without a wait sample. */
    @Test
    void aConditionWaitEndsTheHoldAndItsReturnStartsOne() {
        Recording r = recording(0);
        LockState lock = new LockState(new Object());
        LockUse a = thread(r, "a");
        long t0 = r.startNanos();
        a.request(lock, false, true, t0);
        a.acquired(t0 + 10);
        assertTrue(a.nestIfHolding());                 // depth 2
        assertTrue(a.conditionWaitBegin(t0 + 40));     // held 30
        a.conditionWaitEnd(t0 + 1_040);                // waited 1,000 on the condition
        a.releaseAt(t0 + 1_050);                       // depth back to 2: still held
        a.releaseAt(t0 + 1_100);                       // held 60 more

        LockReport l = r.snapshot().locks().get(0);
        assertEquals(2, l.acquisitions(), "the return from wait() starts a new hold");
        assertEquals(90, l.heldNanos());
        assertEquals(1_000, l.conditionWaitNanos());
        assertEquals(1, l.conditionWaits());
        assertEquals(1, l.waitTimes().count(), "wait.count == acquisitions - conditionWaits");
        assertEquals(1, l.handoffs().selfReacquire());
        assertEquals(0, l.handoffs().unfairSelfReacquire());
    }

    /** An illegal wait (not holding) records nothing. */
    @Test
    void aWaitWithoutHoldingRecordsNothing() {
        Recording r = recording(0);
        LockUse a = thread(r, "a");
        assertTrue(!a.conditionWaitBegin(r.startNanos() + 5));
        a.conditionWaitEnd(r.startNanos() + 10);
        LockReport l = r.snapshot().locks().get(0);
        assertEquals(0, l.conditionWaitNanos());
        assertEquals(0, l.acquisitions());
    }

    /**
     * Beyond the kept-state limit the states of ended threads are merged into one row: the totals stay
     * exact, the merged row says how many it holds, and memory stays bounded.
     */
    @Test
    void endedThreadsAreMergedWithExactTotals() throws InterruptedException {
        Recording r = recording(0);
        LockState lock = new LockState(new Object());
        int n = Recording.FOLD_ABOVE + 50;
        long t = r.startNanos();
        for (int i = 0; i < n; i++) {
            Thread ended = new Thread("short-" + i);
            ended.start();
            ended.join();
            LockUse s = r.register(ended, false).use(0);
            s.request(lock, false, true, t);
            s.acquired(t + 1);
            s.releaseAt(t + 11);                       // each holds 10
            t += 20;
        }
        LockReport l = r.snapshot().locks().get(0);
        assertEquals(n, l.acquisitions());
        assertEquals(10L * n, l.heldNanos());
        assertEquals(n, l.holdTimes().count());
        assertEquals(n - 1, l.handoffs().toOtherThread(), "each thread took it from the one before");
        assertTrue(l.threads().size() <= Recording.FOLD_ABOVE + 1, "rows are bounded: " + l.threads().size());
        ThreadReport merged = l.threads().stream().filter(x -> x.id() == -1).findFirst().orElseThrow();
        assertTrue(merged.name().contains("ended threads, merged"), merged.name());
        assertEquals(n, l.threads().stream().mapToLong(ThreadReport::acquisitions).sum());
    }

    /** Each recording is its own: a new one starts from nothing, and a thread's old state is replaced. */
    @Test
    void aNewRecordingForgetsTheOldOne() {
        Recording first = Recording.start(settings(0, "monitor=a.B"));
        Object o = new Object();
        Recording.designated().designate(o, 0);
        assertNotNull(Recording.designated().stateOf(o));
        ThreadState mine = Recording.current();
        assertSame(first, mine.recording);

        Recording second = Recording.start(settings(0, "monitor=a.C"));
        assertSame(second, Recording.active());
        assertNull(Recording.designated().stateOf(o), "designations belong to their recording");
        ThreadState again = Recording.current();
        assertSame(second, again.recording, "the thread's state of the earlier recording was replaced");
        Report report = second.snapshot();
        assertEquals("monitor=a.C", report.locks().get(0).spec());
        assertEquals(0, report.locks().get(0).acquisitions());
    }

    /** An instance field designates every object stored in it, up to a bound; the rest are counted. */
    @Test
    void designatedInstancesAreBounded() {
        Recording r = recording(0);
        for (int i = 0; i < Designated.MAX_INSTANCES + 5; i++) {
            r.designated.designate(new Object(), 0);
        }
        assertEquals(Designated.MAX_INSTANCES, r.designated.instances());
        assertEquals(5, r.designated.ignoredInstances());
        assertTrue(r.snapshot().notes().stream().anyMatch(s -> s.contains("5 later ones were not tracked")));
    }

    /**
     * Two {@code lock=} designations whose fields hold something that is not a {@code Lock}: each is warned
     * about once, however many objects it designates; one warning does not silence the other designation's.
     */
    @Test
    void eachDesignationThatHoldsNoLockIsWarnedAboutOnce() {
        List<Recording.Designation> locks = List.of(new Recording.Designation("lock=a.B.first", "lock"),
                new Recording.Designation("lock=a.B.second", "lock"));
        Recording r = new Recording(new Recording.Settings(locks, "lock=a.B.first,lock=a.B.second", 0, 8, false));
        java.io.PrintStream err = System.err;
        System.setErr(new java.io.PrintStream(new java.io.ByteArrayOutputStream()));
        try {
            for (int i = 0; i < 3; i++) {
                r.designated.designate(new Object(), 0);
                r.designated.designate(new Object(), 1);
            }
        } finally {
            System.setErr(err);
        }
        List<String> notes = r.snapshot().notes();
        assertEquals(1, notes.stream().filter(n -> n.contains("lock=a.B.first holds a java.lang.Object")).count(), notes.toString());
        assertEquals(1, notes.stream().filter(n -> n.contains("lock=a.B.second holds a java.lang.Object")).count(), notes.toString());
    }

    /** Notes are bounded: the 101st says more were dropped, nothing beyond it is kept. */
    @Test
    void notesAreBounded() {
        Recording r = recording(0);
        for (int i = 0; i < 150; i++) {
            r.addNote("note " + i);
        }
        List<String> notes = r.snapshot().notes();
        assertEquals(101, notes.size());
        assertEquals("(more notes were dropped)", notes.get(100));
    }

    /**
     * Two designated locks in one recording: each has its own entry with its own counts, and a thread
     * holding one while taking the other records one hold on each (not a re-entrant acquire).
     */
    @Test
    void severalLocksAreCountedApart() {
        Recording r = new Recording(settings(0, "monitor=a.B.first", "monitor=a.B.second"));
        LockState first = new LockState(new Object(), 0);
        LockState second = new LockState(new Object(), 1);
        ThreadState a = r.register(new Thread("a"), false);
        ThreadState b = r.register(new Thread("b"), false);
        long t0 = r.startNanos();

        a.use(0).request(first, false, true, t0);
        a.use(0).acquired(t0 + 10);
        a.use(1).request(second, false, true, t0 + 20);  // a takes the second while holding the first
        a.use(1).acquired(t0 + 30);
        b.use(0).request(first, true, true, t0 + 40);    // b waits for the first
        a.use(1).releaseAt(t0 + 60);                       // second held 30
        a.use(0).releaseAt(t0 + 100);                      // first held 90
        b.use(0).acquired(t0 + 120);                       // b waited 80
        b.use(0).releaseAt(t0 + 150);                      // held 30

        List<LockReport> locks = r.snapshot().locks();
        assertEquals(2, locks.size());
        LockReport l0 = locks.get(0);
        LockReport l1 = locks.get(1);
        assertEquals("monitor=a.B.first", l0.spec());
        assertEquals("monitor=a.B.second", l1.spec());
        assertEquals(2, l0.acquisitions());
        assertEquals(90 + 30, l0.heldNanos());
        assertEquals(80, l0.waitNanos());
        assertEquals(1, l0.contendedAcquisitions());
        assertEquals(1, l0.handoffs().toOtherThread());
        assertEquals(1, l1.acquisitions());
        assertEquals(30, l1.heldNanos());
        assertEquals(0, l1.waitNanos());
        assertEquals(0, l1.handoffs().toOtherThread());
        assertEquals(List.of("a"), l1.threads().stream().map(ThreadReport::name).toList());
    }
}
