package gilprobe.output;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import gilprobe.record.Histograms;
import gilprobe.record.Recording;
import gilprobe.report.model.LockReport;
import gilprobe.report.model.Report;
import gilprobe.report.model.ThreadReport;
import gilprobe.report.verdict.Verdict;
import gilprobe.report.verdict.VerdictInput;
import gilprobe.report.verdict.Verdicts;

/**
 * {@code interval=}: every interval, one HdrHistogram interval log entry per lock, thread and kind (tags
 * {@code <thread>#<id>.hold} and {@code .wait}; with several locks, prefixed {@code L<n>.} for the n-th
 * lock from 1) appended to {@code <prefix>.hlog}, one summary line per lock on stderr (with several locks,
 * naming the lock), and the whole report rewritten (so a killed JVM loses at most one interval).
 *
 * <p>The summary line is the interval's verdict, computed by the same rules as the report's
 * ({@link Verdicts}, docs/design.md "Verdict"):
 * {@code gilprobe:    12.0s  utilization  80.9%  wait share  30.3% (2 threads)  p99 wait 231ns  acquisitions 237406  serial}
 * (utilization, wait share, the threads that used the lock in the interval, the 99th percentile of the waits
 * that ended in it, the acquisitions in it, and the diagnosis code).
 */
public final class IntervalWriter implements Runnable {
    private final long intervalNanos;
    private final String prefix;
    private final Supplier<Report> report;
    private final PrintStream err;
    /** What was logged and counted at the last interval, per designated lock. */
    private static final class LockIntervals {
        final Map<String, Histogram> previous = new HashMap<>();
        /** Per thread id, its counts at the last interval (see {@link #counts}). */
        final Map<Long, long[]> previousCounts = new HashMap<>();
        /** The lock's acquisitions, contended acquisitions, handoffs, self and unfair re-acquires at the last interval. */
        long[] previousLock = new long[5];
    }

    private final List<LockIntervals> perLock = new ArrayList<>();
    private long previousNanos;
    private HistogramLogWriter log;
    private PrintStream logStream;
    private volatile boolean stopped;

    public IntervalWriter(long intervalNanos, String prefix, Supplier<Report> report, PrintStream err) {
        this.intervalNanos = intervalNanos;
        this.prefix = prefix;
        this.report = report;
        this.err = err;
    }

    /** Starts the daemon thread that writes each interval. */
    public Thread start() {
        Thread t = new Thread(this, "gilprobe-interval");
        t.setDaemon(true);
        t.start();
        return t;
    }

    public void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        Recording.markAgentThread();
        previousNanos = Recording.active().startNanos();
        long next = previousNanos + intervalNanos;
        while (!stopped) {
            long now = System.nanoTime();
            if (now < next) {
                java.util.concurrent.locks.LockSupport.parkNanos(next - now);
                continue;
            }
            next += intervalNanos;
            if (next < now) {
                next = now + intervalNanos; // fell behind (suspended): skip, never burst
            }
            try {
                tick(System.nanoTime(), true);
            } catch (Throwable e) {
                err.println("gilprobe: interval output failed, will retry next interval: " + e);
            }
        }
    }

    /**
     * Writes one interval ending at {@code now}, and the report if {@code rewriteReport}. The summary line's
     * utilization, wait share, threads and diagnosis are the verdict ({@link Verdicts}) of the interval: the
     * threads that held or waited for the lock during it, each spanning the interval, with their hold and wait
     * time in it (holds and waits in progress included) and their counts from this snapshot minus the last one.
     */
    public synchronized void tick(long now, boolean rewriteReport) throws IOException {
        if (stopped && rewriteReport) {
            return; // closed while this interval's tick waited: the final report must not be overwritten
        }
        int designatedCount = Recording.active().settings().locks().size();
        int lockCount = Math.max(1, designatedCount);
        List<List<Recording.ThreadTotals>> totalsByLock = new ArrayList<>();
        for (int li = 0; li < lockCount; li++) {
            totalsByLock.add(Recording.active().threadTotals(li, now));
        }
        // after the totals: a hold that ends while the snapshot is taken must not count beyond now in them
        Report snapshot = report.get();
        if (log == null) {
            logStream = new PrintStream(openLog(), false, "UTF-8");
            log = new HistogramLogWriter(logStream);
            log.outputLogFormatVersion();
            long startMillis = Recording.active().startEpochMillis();
            log.outputStartTime(startMillis);
            log.setBaseTime(startMillis);
            log.outputLegend();
        }
        while (perLock.size() < lockCount) {
            perLock.add(new LockIntervals());
        }
        if (designatedCount == 0 && snapshot.candidates() != null) {
            // find=true alone: nothing is designated, so the interval's line is the finder's ranking so far
            err.println(String.format(Locale.ROOT, "gilprobe: %7.1fs  ", (now - Recording.active().startNanos()) / 1e9)
                    + FindSummary.soFar(snapshot));
        } else {
            for (int li = 0; li < lockCount; li++) {
                tickLock(li, lockCount > 1, perLock.get(li), totalsByLock.get(li), snapshot, now);
            }
        }
        logStream.flush();
        previousNanos = now;
        if (rewriteReport) {
            ReportOutput.Written written = ReportOutput.write(snapshot, prefix);
            if (!written.asked()) {
                err.println("gilprobe: " + written.line());
            }
        }
    }

    /** The interval of designated lock {@code li}: its log entries and its summary line. */
    private void tickLock(int li, boolean several, LockIntervals state, List<Recording.ThreadTotals> totals,
                          Report snapshot, long now) {
        String tagPrefix = several ? "L" + (li + 1) + "." : "";
        double startSec = (previousNanos - Recording.active().startNanos()) / 1e9;
        double endSec = (now - Recording.active().startNanos()) / 1e9;
        long startMillis = Recording.active().startEpochMillis();
        Histogram allWaits = Histograms.newNanos();
        // Threads that ended and were merged into the "ended-threads" row (id -1) since the last interval:
        // what they had already logged (and counted) must not be logged (or counted) again as part of that row.
        java.util.Set<String> present = new java.util.HashSet<>();
        java.util.Set<Long> presentIds = new java.util.HashSet<>();
        for (Recording.ThreadTotals t : totals) {
            present.add(tagPrefix + tag(t.name()) + "#" + t.id() + ".hold");
            present.add(tagPrefix + tag(t.name()) + "#" + t.id() + ".wait");
            presentIds.add(t.id());
        }
        Map<String, Histogram> alreadyLogged = new HashMap<>();
        for (var it = state.previous.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!present.contains(e.getKey())) {
                String kind = e.getKey().substring(e.getKey().lastIndexOf('.') + 1);
                alreadyLogged.computeIfAbsent(kind, k -> Histograms.newNanos()).add(e.getValue());
                it.remove();
            }
        }
        long[] alreadyCounted = new long[COUNTS];
        for (var it = state.previousCounts.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey() != -1 && !presentIds.contains(e.getKey())) {
                for (int i = 0; i < COUNTS; i++) {
                    alreadyCounted[i] += e.getValue()[i];
                }
                it.remove();
            }
        }
        LockReport lock = li < snapshot.locks().size() ? snapshot.locks().get(li) : null;
        Map<Long, ThreadReport> reported = new HashMap<>();
        if (lock != null) {
            for (ThreadReport t : lock.threads()) {
                reported.put(t.id(), t);
            }
        }
        long intervalNanos = Math.max(1, now - previousNanos);
        List<VerdictInput.ThreadInput> used = new ArrayList<>();
        totals.sort(java.util.Comparator.comparingLong(t -> t.id() == -1 ? 1 : 0));
        for (Recording.ThreadTotals t : totals) {
            String base = tagPrefix + tag(t.name()) + "#" + t.id();
            boolean any = false;
            Histogram[] deltas = new Histogram[2];
            for (String kind : new String[] {"hold", "wait"}) {
                Histogram cumulative = kind.equals("hold") ? t.holds() : t.waits();
                if (cumulative == null) {
                    continue;
                }
                String tag = base + "." + kind;
                Histogram delta = cumulative.copy();
                Histogram before = state.previous.get(tag);
                if (before != null) {
                    delta.subtract(before);
                }
                if (t.id() == -1 && alreadyLogged.containsKey(kind)) {
                    delta.subtract(alreadyLogged.get(kind));
                }
                state.previous.put(tag, cumulative);
                deltas[kind.equals("hold") ? 0 : 1] = delta;
                if (delta.getTotalCount() == 0) {
                    continue;
                }
                any = true;
                if (kind.equals("wait")) {
                    allWaits.add(delta);
                }
                delta.setTag(tag);
                delta.setStartTimeStamp(startMillis + (long) (startSec * 1000));
                delta.setEndTimeStamp(startMillis + (long) (endSec * 1000));
                log.outputIntervalHistogram(startSec, endSec, delta, 1.0);
            }
            long[] counts = counts(t, reported.get(t.id()));
            long[] before = state.previousCounts.put(t.id(), counts);
            long[] delta = new long[COUNTS];
            for (int i = 0; i < COUNTS; i++) {
                long carried = t.id() == -1 ? alreadyCounted[i] : 0;
                delta[i] = Math.max(0, counts[i] - (before == null ? 0 : before[i]) - carried);
            }
            // a thread uses the lock in this interval when it held or waited during it (in progress included)
            if (any || delta[HELD] + delta[WAITED] > 0) {
                used.add(new VerdictInput.ThreadInput(t.id(), t.name(), delta[ACQUIRED], delta[CONTENDED], delta[HELD],
                        delta[WAITED], delta[CONDITION_WAITED], intervalNanos, VerdictInput.SpanSource.INTERVAL,
                        delta[TICKS_HELD], delta[TICKS_NOT_HELD], count(deltas[0]), p50(deltas[0]), count(deltas[1]),
                        p50(deltas[1])));
            }
        }
        VerdictInput in = lockInput(state, snapshot, lock, intervalNanos, used);
        Verdict v = Verdicts.of(in);
        err.println(String.format(Locale.ROOT,
                "gilprobe: %7.1fs  " + (several && lock != null ? "[" + lock.spec() + "]  " : "") + "utilization %5.1f%%  wait share %5.1f%% (%d threads)  p99 wait %s  acquisitions %d  %s",
                endSec, 100 * v.utilization(), 100 * v.waitShare(), v.threadCount(), nanos(allWaits.getTotalCount() == 0
                        ? -1 : allWaits.getValueAtPercentile(99)), in.acquisitions(), v.diagnosis()));
    }

    // the per-thread counts followed from one interval to the next: the first two from the thread totals
    // (holds and waits in progress included), the others from the report's snapshot (completed events)
    private static final int HELD = 0;
    private static final int WAITED = 1;
    private static final int CONDITION_WAITED = 2;
    private static final int ACQUIRED = 3;
    private static final int CONTENDED = 4;
    private static final int TICKS_HELD = 5;
    private static final int TICKS_NOT_HELD = 6;
    private static final int COUNTS = 7;

    private static long[] counts(Recording.ThreadTotals t, ThreadReport r) {
        long[] c = new long[COUNTS];
        c[HELD] = t.heldNanos();
        c[WAITED] = t.waitNanos();
        if (r != null) {
            c[CONDITION_WAITED] = r.conditionWaitNanos();
            c[ACQUIRED] = r.acquisitions();
            c[CONTENDED] = r.contendedAcquisitions();
            c[TICKS_HELD] = r.ticksHeld();
            c[TICKS_NOT_HELD] = r.ticksNotHeld();
        }
        return c;
    }

    /**
     * The lock's part of the interval's verdict input: its counts in this snapshot minus the last one's
     * (lock totals include merged threads, so they only grow), its hold time the threads' in the interval.
     */
    private static VerdictInput lockInput(LockIntervals state, Report snapshot, LockReport lock, long intervalNanos,
                                          List<VerdictInput.ThreadInput> used) {
        long held = 0;
        for (VerdictInput.ThreadInput t : used) {
            held += t.heldNanos();
        }
        long[] now = lock == null ? new long[5] : new long[] {lock.acquisitions(), lock.contendedAcquisitions(),
                lock.handoffs().toOtherThread(), lock.handoffs().selfReacquire(), lock.handoffs().unfairSelfReacquire()};
        long[] delta = new long[5];
        for (int i = 0; i < now.length; i++) {
            delta[i] = Math.max(0, now[i] - state.previousLock[i]);
        }
        state.previousLock = now;
        return new VerdictInput(lock == null ? "" : lock.spec(), lock != null && lock.acquired() && lock.acquisitions() > 0,
                false, intervalNanos, snapshot.run().availableProcessors(), lock == null ? 1 : lock.instances(),
                delta[0], delta[1], held, delta[2], delta[3], delta[4], used);
    }

    private static long count(Histogram h) {
        return h == null ? 0 : h.getTotalCount();
    }

    private static long p50(Histogram h) {
        return h == null || h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(50);
    }

    /** {@code <prefix>.hlog}, or where {@link ReportOutput#places} says when it cannot be written there. */
    private OutputStream openLog() throws IOException {
        List<String> failures = new ArrayList<>();
        for (Path place : ReportOutput.places(Path.of(prefix + ".hlog"))) {
            try {
                Files.createDirectories(place.getParent());
                OutputStream out = Files.newOutputStream(place);
                if (!failures.isEmpty()) {
                    err.println("gilprobe: " + failures.get(0) + "; the interval log goes to " + place + " instead");
                }
                return out;
            } catch (IOException | RuntimeException e) {
                failures.add(ReportOutput.failure(place, e));
            }
        }
        throw new IOException(String.join("; ", failures));
    }

    /** Logs the last (partial) interval and closes the log; the final report is the caller's. */
    public synchronized void close() {
        stopped = true;
        try {
            tick(System.nanoTime(), false);
        } catch (Throwable e) {
            err.println("gilprobe: the last interval could not be logged: " + e);
        }
        if (logStream != null) {
            logStream.flush();
            logStream.close();
        }
    }

    /** An interval-log tag may hold neither commas nor white space. */
    static String tag(String name) {
        String t = name.replaceAll("[,\\s]", "_");
        return t.isEmpty() ? "_" : t;
    }

    static String nanos(long n) {
        if (n < 0) {
            return "-";
        }
        if (n < 1_000) {
            return n + "ns";
        }
        if (n < 1_000_000) {
            return String.format(Locale.ROOT, "%.1fus", n / 1e3);
        }
        if (n < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1fms", n / 1e6);
        }
        return String.format(Locale.ROOT, "%.2fs", n / 1e9);
    }
}
