package gilprobe.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import gilprobe.report.model.LockReport;
import gilprobe.report.model.Report;
import gilprobe.report.model.ThreadReport;
import gilprobe.report.model.Timeline;

/**
 * The whole-run buckets of a real run of more than 3 million acquisitions by two contending threads, then
 * condition waits: they cover the run from its start to its end, and per thread and in total their sums are
 * the lock's hold, wait and condition-wait totals, exactly (every interval is split exactly across buckets).
 */
class TimelineBucketsIT {
    private static final String P = "gilprobe.it.programs.";

    @Test
    void theBucketsCoverTheRunAndAddUpToTheLocksTotals() throws Exception {
        int perThread = 1_600_000;
        int waits = 50;
        var r = ChildJvm.withAgent("monitor=" + P + "LongContention.LOCK").run(P + "LongContention",
                String.valueOf(perThread), String.valueOf(waits));
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().contains("counter=" + 2L * perThread), r.stdout());
        Report report = r.report();
        LockReport lock = r.lock();
        assertTrue(lock.acquisitions() >= 2L * perThread + waits, "acquisitions " + lock.acquisitions());
        Timeline tl = report.timeline();
        assertTrue(tl.droppedEvents() > 1_000_000, "the exact window is a small part of the run: " + tl.droppedEvents());

        Timeline.Buckets b = tl.buckets();
        assertNotNull(b, "timeline.buckets written");
        assertEquals(tl.runStartNanos(), b.startNanos(), "bucket 0 starts at the run's start");
        long duration = report.run().durationNanos();
        assertTrue(Long.bitCount(b.bucketNanos()) == 1, "the width is a power of two: " + b.bucketNanos());
        assertTrue(b.size() <= 4_096, "constant memory: " + b.size());
        assertTrue((long) b.size() * b.bucketNanos() >= duration, "the buckets reach the run's end");
        assertTrue((long) (b.size() - 1) * b.bucketNanos() < duration, "no bucket after the run's end");

        long held = 0;
        long waited = 0;
        long conditionWait = 0;
        for (ThreadReport t : lock.threads()) {
            Timeline.BucketLane lane = b.lanes().stream().filter(l -> l.id() == t.id()).findFirst().orElse(null);
            assertNotNull(lane, "a bucket lane for " + t.name());
            assertEquals(b.size(), lane.held().length);
            assertEquals(t.heldNanos(), lane.heldNanos(), t.name() + " held");
            assertEquals(t.waitNanos(), lane.waitNanos(), t.name() + " waiting");
            assertEquals(t.conditionWaitNanos(), lane.conditionWaitNanos(), t.name() + " condition wait");
            held += lane.heldNanos();
            waited += lane.waitNanos();
            conditionWait += lane.conditionWaitNanos();
            // no bucket holds more of one thread's time than its width
            for (int i = 0; i < b.size(); i++) {
                long inBucket = lane.held()[i] + lane.waiting()[i] + lane.conditionWait()[i];
                assertTrue(inBucket <= b.bucketNanos(), t.name() + " bucket " + i + ": " + inBucket);
            }
        }
        assertEquals(lock.heldNanos(), held, "held: the buckets' sum is the lock's total");
        assertEquals(lock.waitNanos(), waited, "waiting: the buckets' sum is the lock's total");
        assertEquals(lock.conditionWaitNanos(), conditionWait, "condition wait: the buckets' sum is the lock's total");
        assertTrue(waited > 0, "the two threads contended");

        // ground truth of the program: main's condition wait, measured around each wait() by the program
        long programWaited = Long.parseLong(r.stdout().replaceAll("(?s).*waited_ns=(\\d+).*", "$1"));
        // main: the one thread that called wait() (its name at exit may not be "main")
        ThreadReport main = lock.threads().stream().filter(t -> t.conditionWaitNanos() > 0).findFirst().orElseThrow();
        Timeline.BucketLane mainLane = b.lanes().stream().filter(l -> l.id() == main.id()).findFirst().orElseThrow();
        assertTrue(waits * 1_000_000L <= programWaited, "each wait(1) lasts 1 ms at least");
        assertEquals(programWaited, mainLane.conditionWaitNanos(), programWaited * 0.01 + 2_000_000,
                "main's condition wait in the buckets is what the program measured");
        // the contenders' buckets end before main's condition waits begin: where the run's phases are
        Timeline.BucketLane a = b.lanes().stream().filter(l -> l.name().equals("contender-a")).findFirst().orElseThrow();
        int[] aExtent = a.extent();
        int[] cwExtent = firstAndLast(mainLane.conditionWait());
        assertTrue(aExtent[1] <= cwExtent[0], "contender-a's last bucket " + aExtent[1] + " is not after main's first wait() "
                + cwExtent[0]);
        assertEquals("buckets", lock.verdict().spanSource(), "the verdict's spans come from the buckets");
    }

    private static int[] firstAndLast(long[] a) {
        int first = -1;
        int last = -1;
        for (int i = 0; i < a.length; i++) {
            if (a[i] != 0) {
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
        }
        return new int[] {first, last};
    }
}
