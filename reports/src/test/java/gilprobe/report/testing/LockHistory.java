package gilprobe.report.testing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;

import gilprobe.report.model.Dist;
import gilprobe.report.model.Handoffs;
import gilprobe.report.model.LockReport;
import gilprobe.report.model.ThreadReport;
import gilprobe.report.model.Timeline;

/**
 * Ground truth for report tests: a history of one lock as per-thread intervals (hold, wait,
 * condition wait), from which every number of a {@link LockReport} is derived the plain way.
 * Tests build a history, derive the report, and then check that the codec and the pages show the
 * same numbers.
 *
 * <p>Rules of the derivation, matching docs/design.md's definitions: every hold is one acquisition; a
 * hold is contended when the same thread's previous interval was a wait ending where the hold
 * starts; holds are ordered by start over all threads and each one after the first is a handoff
 * (holder changed) or a self re-acquire, unfair when another thread was inside a wait at that time.
 *
 * <p>Not thread-safe; a test builds a history on one thread.
 */
public final class LockHistory {
    private final Map<Long, ThreadLine> threads = new LinkedHashMap<>();

    private static final class ThreadLine {
        final String name;
        final long id;
        final List<Timeline.Interval> intervals = new ArrayList<>();
        long ticksHeld;
        long ticksNotHeld;
        boolean alive = true;

        ThreadLine(String name, long id) {
            this.name = name;
            this.id = id;
        }
    }

    /** Adds a thread; intervals are then added to it in time order. */
    public LockHistory thread(long id, String name) {
        threads.put(id, new ThreadLine(name, id));
        return this;
    }

    public LockHistory hold(long id, long start, long end) {
        return add(id, Timeline.State.HOLD, start, end);
    }

    public LockHistory await(long id, long start, long end) {
        return add(id, Timeline.State.WAIT, start, end);
    }

    public LockHistory conditionWait(long id, long start, long end) {
        return add(id, Timeline.State.CONDITION_WAIT, start, end);
    }

    public LockHistory ticks(long id, long held, long notHeld) {
        ThreadLine t = line(id);
        t.ticksHeld += held;
        t.ticksNotHeld += notHeld;
        return this;
    }

    public LockHistory ended(long id) {
        line(id).alive = false;
        return this;
    }

    private LockHistory add(long id, Timeline.State state, long start, long end) {
        if (end < start) {
            throw new IllegalArgumentException(state + " ends before it starts: " + start + ".." + end);
        }
        line(id).intervals.add(new Timeline.Interval(state, start, end));
        return this;
    }

    private ThreadLine line(long id) {
        ThreadLine t = threads.get(id);
        if (t == null) {
            throw new IllegalArgumentException("no thread " + id);
        }
        return t;
    }

    /** Number of intervals of all threads. */
    public int intervalCount() {
        return threads.values().stream().mapToInt(t -> t.intervals.size()).sum();
    }

    /** Every interval as a timeline; nothing dropped. */
    public Timeline timeline(long runStartNanos) {
        List<Timeline.Lane> lanes = new ArrayList<>();
        for (ThreadLine t : threads.values()) {
            lanes.add(new Timeline.Lane(t.name, t.id, t.intervals));
        }
        return new Timeline(runStartNanos, 0, Math.max(1, intervalCount()), 0, lanes);
    }

    /**
     * Every interval in whole-run buckets of {@code bucketNanos} from run start, the plain way (each
     * interval walked bucket by bucket): the ground truth of {@code timeline.buckets}. {@code buckets} per lane.
     */
    public Timeline.Buckets buckets(long runStartNanos, long bucketNanos, int buckets) {
        List<Timeline.BucketLane> lanes = new ArrayList<>();
        for (ThreadLine t : threads.values()) {
            long[][] a = new long[3][buckets];
            for (Timeline.Interval in : t.intervals) {
                int st = in.state().ordinal();
                for (long s = in.startNanos(); s < in.endNanos(); ) {
                    long b = Math.min(buckets - 1, s / bucketNanos);
                    long end = b == buckets - 1 ? in.endNanos() : Math.min(in.endNanos(), (b + 1) * bucketNanos);
                    a[st][(int) b] += end - s;
                    s = end;
                }
            }
            lanes.add(new Timeline.BucketLane(t.id, t.name, a[0], a[1], a[2]));
        }
        return new Timeline.Buckets(runStartNanos, bucketNanos, lanes);
    }

    /**
     * The timeline an agent with {@code keep} intervals per thread would write: the buckets of the whole run
     * and each thread's last {@code keep} intervals (the window starts at the latest first kept interval).
     */
    public Timeline timelineKeeping(long runStartNanos, int keep, long bucketNanos, int buckets) {
        List<Timeline.Lane> lanes = new ArrayList<>();
        long dropped = 0;
        long windowStart = 0;
        for (ThreadLine t : threads.values()) {
            int n = t.intervals.size();
            List<Timeline.Interval> kept = t.intervals.subList(Math.max(0, n - keep), n);
            if (n > keep) {
                dropped += n - keep;
                windowStart = Math.max(windowStart, kept.get(0).startNanos());
            }
            lanes.add(new Timeline.Lane(t.name, t.id, kept));
        }
        return new Timeline(runStartNanos, windowStart, keep * Math.max(1, lanes.size()), dropped, lanes,
                buckets(runStartNanos, bucketNanos, buckets));
    }

    /** The lock's report over a run of {@code durationNanos}. */
    public LockReport lockReport(String spec, long durationNanos) {
        record Hold(long thread, long start) {
        }
        List<Hold> holds = new ArrayList<>();
        Histogram allHold = histogram();
        Histogram allWait = histogram();
        Histogram ticksPerHold = histogram();
        Map<Long, long[]> perThread = new LinkedHashMap<>(); // acq, contended, held, wait, cwait, self, unfair
        Map<Long, Histogram[]> dists = new LinkedHashMap<>();
        long cwaits = 0;
        for (ThreadLine t : threads.values()) {
            long[] c = new long[7];
            Histogram hold = histogram();
            Histogram wait = histogram();
            Timeline.Interval previous = null;
            for (Timeline.Interval in : t.intervals) {
                long d = in.endNanos() - in.startNanos();
                switch (in.state()) {
                    case HOLD -> {
                        c[0]++;
                        if (previous != null && previous.state() == Timeline.State.WAIT && previous.endNanos() == in.startNanos()) {
                            c[1]++;
                        }
                        c[2] += d;
                        hold.recordValue(d);
                        allHold.recordValue(d);
                        holds.add(new Hold(t.id, in.startNanos()));
                    }
                    case WAIT -> {
                        c[3] += d;
                        wait.recordValue(d);
                        allWait.recordValue(d);
                    }
                    default -> {
                        c[4] += d;
                        cwaits++;
                    }
                }
                previous = in;
            }
            if (c[0] > 0 && t.ticksHeld > 0) {
                ticksPerHold.recordValue(t.ticksHeld / c[0]);
            }
            perThread.put(t.id, c);
            dists.put(t.id, new Histogram[] {hold, wait});
        }
        holds.sort(Comparator.comparingLong(Hold::start));
        Map<List<Long>, Long> edges = new LinkedHashMap<>();
        long toOther = 0;
        long self = 0;
        long unfair = 0;
        Map<Long, Integer> waitCursor = new LinkedHashMap<>();
        for (int i = 1; i < holds.size(); i++) {
            Hold prev = holds.get(i - 1);
            Hold next = holds.get(i);
            edges.merge(List.of(prev.thread, next.thread), 1L, Long::sum);
            if (prev.thread != next.thread) {
                toOther++;
                continue;
            }
            self++;
            perThread.get(next.thread)[5]++;
            if (othersWaiting(next.thread, next.start, waitCursor)) {
                unfair++;
                perThread.get(next.thread)[6]++;
            }
        }
        List<ThreadReport> reports = new ArrayList<>();
        long held = 0;
        long waited = 0;
        long cwaited = 0;
        long acquisitions = 0;
        long contended = 0;
        for (ThreadLine t : threads.values()) {
            long[] c = perThread.get(t.id);
            Histogram[] h = dists.get(t.id);
            reports.add(new ThreadReport(t.name, t.id, c[0], c[1], c[2], c[3], Dist.of(h[0]), Dist.of(h[1]),
                    t.ticksHeld, t.ticksNotHeld, c[4], c[5], c[6], t.alive));
            acquisitions += c[0];
            contended += c[1];
            held += c[2];
            waited += c[3];
            cwaited += c[4];
        }
        List<Handoffs.Edge> matrix = new ArrayList<>();
        edges.forEach((k, v) -> matrix.add(new Handoffs.Edge(k.get(0), k.get(1), v)));
        return new LockReport(spec, "monitor", acquisitions, contended, held, waited, cwaited,
                durationNanos <= 0 ? 0 : (double) held / durationNanos, new Handoffs(toOther, self, unfair, matrix),
                Dist.of(allHold), Dist.of(allWait), reports, cwaits,
                ticksPerHold.getTotalCount() == 0 ? Dist.empty() : Dist.of(ticksPerHold),
                acquisitions > 0, List.of(), 1);
    }

    /** Whether a thread other than {@code holder} is inside a wait at {@code time}; cursors only move forward. */
    private boolean othersWaiting(long holder, long time, Map<Long, Integer> cursors) {
        for (ThreadLine t : threads.values()) {
            if (t.id == holder) {
                continue;
            }
            int i = cursors.getOrDefault(t.id, 0);
            List<Timeline.Interval> list = t.intervals;
            while (i < list.size() && list.get(i).endNanos() <= time) {
                i++;
            }
            cursors.put(t.id, i);
            for (int j = i; j < list.size() && list.get(j).startNanos() <= time; j++) {
                Timeline.Interval in = list.get(j);
                if (in.state() == Timeline.State.WAIT && in.startNanos() <= time && time < in.endNanos()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Histogram histogram() {
        return new Histogram(3);
    }
}
