package gilprobe.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import gilprobe.report.model.Report;
import gilprobe.report.model.Run;
import gilprobe.report.model.Timeline;
import gilprobe.report.testing.LockHistory;

/**
 * A CPU sample older than its thread's kept window of exact intervals is placed by the thread's whole-run
 * bucket: the state that fills the bucket, free when the bucket is empty, unknown when it mixes states.
 */
class BucketAttributionTest {
    private static final long MS = 1_000_000;
    private static final long START = 5_000_000_000L;
    private static final long WIDTH = 1L << 22; // 4.19 ms

    @Test
    void samplesBeforeTheWindowArePlacedByTheirBucket() {
        // one thread: a 100 ms hold, a 100 ms wait, nothing for 100 ms, then 3,000 short holds; 100 kept
        LockHistory h = new LockHistory().thread(7, "t");
        h.hold(7, 0, 100 * MS);
        h.await(7, 100 * MS, 200 * MS);
        long t = 300 * MS;
        for (int i = 0; i < 3_000; i++) {
            h.hold(7, t, t + 1_000);
            t += 10_000;
        }
        long duration = t + MS;
        Timeline tl = h.timelineKeeping(START, 100, WIDTH, (int) ((duration + WIDTH - 1) / WIDTH));
        Report report = new Report(Report.FORMAT, new Run(0, duration, 2, "21", 1, "monitor=a.B.c", "a.Main", "VM"),
                List.of(h.lockReport("monitor=a.B.c", duration)), List.of(), tl, List.of());
        long windowStart = tl.windowStartNanos();
        ProfileReader.Attribution a = new ProfileReader.Attribution(report, 0, 100, Map.of());

        assertEquals(ProfileReader.Attribution.HELD, a.state(7, START + 50 * MS), "inside the long hold's buckets");
        assertEquals(ProfileReader.Attribution.WAITING, a.state(7, START + 150 * MS), "inside the long wait's buckets");
        assertEquals(ProfileReader.Attribution.FREE, a.state(7, START + 250 * MS), "an empty bucket: neither");
        // the bucket holding the end of the hold and the start of the wait mixes them
        long mixed = (100 * MS / WIDTH) * WIDTH + WIDTH / 2;
        assertEquals(ProfileReader.Attribution.UNKNOWN, a.state(7, START + mixed), "a mixed bucket");
        // the short holds before the window: 1 µs in 10 µs, mixed with time outside the lock
        assertEquals(ProfileReader.Attribution.UNKNOWN, a.state(7, START + 300 * MS + 5 * WIDTH));
        assertEquals(3, a.fromBuckets, "three instants placed by the buckets (held, waiting, free)");
        // inside the window: the exact intervals, as before
        assertEquals(ProfileReader.Attribution.HELD, a.state(7, START + windowStart + 500));
        assertEquals(ProfileReader.Attribution.FREE, a.state(7, START + windowStart + 5_000));
        // without buckets (an older report), everything before the window is unknown
        Timeline old = new Timeline(tl.runStartNanos(), tl.windowStartNanos(), tl.capacity(), tl.droppedEvents(), tl.lanes());
        Report oldReport = new Report(Report.FORMAT, report.run(), List.of(h.lockReport("monitor=a.B.c", duration)), List.of(), old,
                List.of());
        ProfileReader.Attribution b = new ProfileReader.Attribution(oldReport, 0, 100, Map.of());
        assertEquals(ProfileReader.Attribution.UNKNOWN, b.state(7, START + 50 * MS));
    }
}
