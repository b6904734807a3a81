package gilprobe.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import gilprobe.report.model.LockReport;
import gilprobe.report.model.ThreadReport;
import gilprobe.report.model.Timeline;

/**
 * The whole-run buckets ({@link TimelineBuckets}) with known intervals: where each interval lands, that a
 * doubling merges adjacent buckets exactly, an interval over many buckets, a racy copy while the owner
 * records, and the snapshot's buckets against the lock's totals.
 */
class TimelineBucketsTest {
    private static final int B = TimelineBuckets.BUCKETS;
    private static final long W = 1L << TimelineBuckets.INITIAL_SHIFT;
    private static final long ORIGIN = 1_000_000_000L;

    private static long[] copy(TimelineBuckets b, int[] shiftOut) {
        long[] out = new long[3 * B];
        shiftOut[0] = b.copy(out);
        return out;
    }

    private static long sum(long[] a, int state) {
        long s = 0;
        for (int i = 0; i < B; i++) {
            s += a[state * B + i];
        }
        return s;
    }

    @Test
    void knownIntervalsLandInKnownBuckets() {
        TimelineBuckets b = new TimelineBuckets(ORIGIN);
        b.add(Timeline.State.HOLD, ORIGIN + 10, ORIGIN + 110);               // hold, inside bucket 0
        b.add(Timeline.State.WAIT, ORIGIN + W + 5, ORIGIN + W + 30);         // wait, inside bucket 1
        b.add(Timeline.State.CONDITION_WAIT, ORIGIN + 3 * W - 100, ORIGIN + 3 * W + 50); // condition wait over buckets 2 and 3
        b.add(Timeline.State.HOLD, ORIGIN + 5, ORIGIN + 5);                  // empty: nothing
        int[] sh = new int[1];
        long[] a = copy(b, sh);
        assertEquals(TimelineBuckets.INITIAL_SHIFT, sh[0]);
        assertEquals(100, a[0]);
        assertEquals(25, a[B + 1]);
        assertEquals(100, a[2 * B + 2]);
        assertEquals(50, a[2 * B + 3]);
        assertEquals(100, sum(a, 0));
        assertEquals(25, sum(a, 1));
        assertEquals(150, sum(a, 2));
    }

    @Test
    void anIntervalOverManyBucketsIsSplitExactly() {
        TimelineBuckets b = new TimelineBuckets(ORIGIN);
        long start = ORIGIN + 7 * W + 123;
        long end = ORIGIN + 1000 * W + 77;
        b.add(Timeline.State.HOLD, start, end);
        int[] sh = new int[1];
        long[] a = copy(b, sh);
        assertEquals(W - 123, a[7]);
        for (int i = 8; i < 1000; i++) {
            assertEquals(W, a[i], "bucket " + i + " is fully held");
        }
        assertEquals(77, a[1000]);
        assertEquals(0, a[6]);
        assertEquals(0, a[1001]);
        assertEquals(end - start, sum(a, 0));
    }

    @Test
    void doublingMergesAdjacentBucketsExactly() {
        TimelineBuckets b = new TimelineBuckets(ORIGIN);
        // one interval of 3 ns in every bucket i at offset i, then one past the end: width doubles once
        for (int i = 0; i < B; i++) {
            b.add(Timeline.State.ofOrdinal(i % 3), ORIGIN + i * W + i % 100, ORIGIN + i * W + i % 100 + 3 + i);
        }
        int[] sh = new int[1];
        long[] before = copy(b, sh);
        assertEquals(TimelineBuckets.INITIAL_SHIFT, sh[0]);
        b.add(Timeline.State.WAIT, ORIGIN + B * W + 10, ORIGIN + B * W + 20);  // bucket B at the old width: doubles
        long[] after = copy(b, sh);
        assertEquals(TimelineBuckets.INITIAL_SHIFT + 1, sh[0]);
        for (int st = 0; st < 3; st++) {
            for (int i = 0; i < B / 2; i++) {
                long expected = before[st * B + 2 * i] + before[st * B + 2 * i + 1] + (st == 1 && i == B / 2 ? 10 : 0);
                assertEquals(expected, after[st * B + i], "state " + st + " bucket " + i);
            }
        }
        assertEquals(10, after[B + B / 2], "the new interval in bucket B/2 at the doubled width");
        for (int st = 0; st < 3; st++) {
            assertEquals(sum(before, st) + (st == 1 ? 10 : 0), sum(after, st), "sums survive the doubling");
        }
        // far beyond: many doublings at once, still exact
        long far = ORIGIN + (1L << 40);
        b.add(Timeline.State.HOLD, far - 1_000, far + 500);
        long[] farCopy = copy(b, sh);
        assertTrue((long) B << sh[0] > far - ORIGIN, "the buckets reach the new interval's end");
        assertEquals(sum(before, 0) + 1_500, sum(farCopy, 0));
    }

    @Test
    void rescaleSumsGroupsOfBuckets() {
        long[] a = new long[3 * B];
        for (int i = 0; i < B; i++) {
            a[i] = i;
            a[B + i] = 1;
        }
        TimelineBuckets.rescale(a, 10, 12); // groups of 4
        assertEquals(0 + 1 + 2 + 3, a[0]);
        assertEquals(4 + 5 + 6 + 7, a[1]);
        assertEquals(4, a[B]);
        assertEquals(0, a[B / 4], "the rest is cleared");
        assertEquals((long) B * (B - 1) / 2, sum(a, 0));
        assertEquals(B, sum(a, 1));
    }

    /**
     * A reader copying while the owner records and doubles: every copy has sums that never exceed what was
     * added (no bucket counted twice through a half-done merge), and once the owner stops, the copy is exact.
     */
    @Test
    void aRacyCopyNeverDoubleCounts() throws Exception {
        TimelineBuckets b = new TimelineBuckets(0);
        AtomicBoolean done = new AtomicBoolean();
        long n = 3_000_000;
        long step = 1_000;
        Thread owner = new Thread(() -> {
            for (long i = 0; i < n; i++) {
                b.add(Timeline.State.HOLD, i * step, i * step + 400);  // 400 ns per interval: total 400 * n
            }
            done.set(true);
        });
        owner.start();
        int[] sh = new int[1];
        long[] out = new long[3 * B];
        while (!done.get()) {
            sh[0] = b.copy(out);
            if (sh[0] >= 0) {
                long s = sum(out, 0);
                assertTrue(s <= 400 * n, "a copy shows no more than was added: " + s);
            }
        }
        owner.join();
        sh[0] = b.copy(out);
        assertEquals(400 * n, sum(out, 0));
        assertTrue((long) B << sh[0] >= n * step, "covers the whole run");
    }

    /** The snapshot's buckets: per lane the thread's totals, rescaled to one width, cut at the run's end. */
    @Test
    void theSnapshotsBucketsAreTheLocksTotals() throws InterruptedException {
        Recording r = new Recording(new Recording.Settings(
                List.of(new Recording.Designation("monitor=x.Y.lock", "monitor")), "monitor=x.Y.lock", 4, 8, false));
        LockState lock = new LockState(new Object());
        LockUse a = r.register(new Thread("a"), false).use(0);
        LockUse c = r.register(new Thread("c"), false).use(0);
        long t0 = r.startNanos();
        a.request(lock, false, true, t0 + 100);
        a.acquired(t0 + 110);
        c.request(lock, true, true, t0 + 200);
        a.releaseAt(t0 + 5 * W);                     // a held over 5 buckets
        c.acquired(t0 + 5 * W + 50);                 // c waited
        assertTrue(c.conditionWaitBegin(t0 + 6 * W));
        c.conditionWaitEnd(t0 + 6 * W + 1_000);
        c.releaseAt(t0 + 6 * W + 2_000);
        // many short holds by a, far later: its lane doubles, c's does not; the snapshot rescales c's
        for (int i = 0; i < 10; i++) {
            long s = t0 + (long) B * W * 3 + i * 10_000L;
            a.request(lock, false, true, s);
            a.acquired(s + 10);
            a.releaseAt(s + 510);
        }
        // the snapshot is taken after the last clock reading above, as in a real run
        long last = t0 + (long) B * W * 3 + 100_000;
        while (System.nanoTime() < last) {
            Thread.sleep(5);
        }
        var report = r.snapshot();
        LockReport l = report.locks().get(0);
        Timeline.Buckets buckets = report.timeline().buckets();
        assertNotNull(buckets);
        assertEquals(t0, buckets.startNanos());
        assertEquals(report.timeline().runStartNanos(), buckets.startNanos());
        assertTrue(buckets.bucketNanos() >= 4 * W, "the widest lane's width");
        assertTrue(buckets.size() <= B);
        assertTrue(buckets.size() * buckets.bucketNanos() >= report.run().durationNanos(), "covers the run");
        long held = 0;
        long waited = 0;
        long cwait = 0;
        for (Timeline.BucketLane lane : buckets.lanes()) {
            ThreadReport t = l.threads().stream().filter(x -> x.id() == lane.id()).findFirst().orElseThrow();
            assertEquals(t.heldNanos(), lane.heldNanos(), lane.name());
            assertEquals(t.waitNanos(), lane.waitNanos(), lane.name());
            assertEquals(t.conditionWaitNanos(), lane.conditionWaitNanos(), lane.name());
            held += lane.heldNanos();
            waited += lane.waitNanos();
            cwait += lane.conditionWaitNanos();
        }
        assertEquals(l.heldNanos(), held);
        assertEquals(l.waitNanos(), waited);
        assertEquals(l.conditionWaitNanos(), cwait);
        assertEquals(1_000, cwait);
        // c's wait (t0+200 .. t0+5W+50) lies in the first bucket(s) of the common width
        Timeline.BucketLane lc = buckets.lanes().stream().filter(x -> x.name().equals("c")).findFirst().orElseThrow();
        long width = buckets.bucketNanos();
        long expectFirst = Math.min(width, 5 * W + 50) - 200;
        assertEquals(expectFirst, lc.waiting()[0]);
    }
}
