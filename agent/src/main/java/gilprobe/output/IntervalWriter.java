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
import gilprobe.report.model.Report;

/**
 * {@code interval=}: every interval, one HdrHistogram interval log entry per thread and kind (tags
 * {@code <thread>#<id>.hold} and {@code .wait}) appended to {@code <prefix>.hlog}, one summary line on
 * stderr, and the whole report rewritten (so a killed JVM loses at most one interval).
 */
public final class IntervalWriter implements Runnable {
    private final long intervalNanos;
    private final String prefix;
    private final Supplier<Report> report;
    private final PrintStream err;
    private final Map<String, Histogram> previous = new HashMap<>();
    private final Map<Long, Long> previousBusy = new HashMap<>();
    private long previousHeld;
    private long previousWait;
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

    /** Writes one interval ending at {@code now}, and the report if {@code rewriteReport}. */
    public synchronized void tick(long now, boolean rewriteReport) throws IOException {
        if (stopped && rewriteReport) {
            return; // closed while this interval's tick waited: the final report must not be overwritten
        }
        List<Recording.ThreadTotals> totals = Recording.active().threadTotals(now);
        if (log == null) {
            logStream = new PrintStream(openLog(), false, "UTF-8");
            log = new HistogramLogWriter(logStream);
            log.outputLogFormatVersion();
            long startMillis = Recording.active().startEpochMillis();
            log.outputStartTime(startMillis);
            log.setBaseTime(startMillis);
            log.outputLegend();
        }
        double startSec = (previousNanos - Recording.active().startNanos()) / 1e9;
        double endSec = (now - Recording.active().startNanos()) / 1e9;
        long startMillis = Recording.active().startEpochMillis();
        Histogram allWaits = Histograms.newNanos();
        long held = 0;
        long waited = 0;
        int active = 0;
        // Threads that ended and were merged into the "ended-threads" row (id -1) since the last interval:
        // what they had already logged must not be logged again as part of that row.
        java.util.Set<String> present = new java.util.HashSet<>();
        for (Recording.ThreadTotals t : totals) {
            present.add(tag(t.name()) + "#" + t.id() + ".hold");
            present.add(tag(t.name()) + "#" + t.id() + ".wait");
        }
        Map<String, Histogram> alreadyLogged = new HashMap<>();
        for (var it = previous.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!present.contains(e.getKey())) {
                String kind = e.getKey().substring(e.getKey().lastIndexOf('.') + 1);
                alreadyLogged.computeIfAbsent(kind, k -> Histograms.newNanos()).add(e.getValue());
                it.remove();
            }
        }
        totals.sort(java.util.Comparator.comparingLong(t -> t.id() == -1 ? 1 : 0));
        for (Recording.ThreadTotals t : totals) {
            held += t.heldNanos();
            waited += t.waitNanos();
            String base = tag(t.name()) + "#" + t.id();
            boolean any = false;
            for (String kind : new String[] {"hold", "wait"}) {
                Histogram cumulative = kind.equals("hold") ? t.holds() : t.waits();
                if (cumulative == null) {
                    continue;
                }
                String tag = base + "." + kind;
                Histogram delta = cumulative.copy();
                Histogram before = previous.get(tag);
                if (before != null) {
                    delta.subtract(before);
                }
                if (t.id() == -1 && alreadyLogged.containsKey(kind)) {
                    delta.subtract(alreadyLogged.get(kind));
                }
                previous.put(tag, cumulative);
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
            // a thread counts for the wait share when it held or waited during this interval (in progress included)
            long busy = t.heldNanos() + t.waitNanos();
            Long busyBefore = previousBusy.put(t.id(), busy);
            boolean changed = busyBefore == null ? busy > 0 : busy != busyBefore;
            if (any || changed) {
                active++;
            }
        }
        logStream.flush();
        double span = Math.max(1, now - previousNanos);
        double util = (held - previousHeld) / span;
        double waitShare = active == 0 ? 0 : (waited - previousWait) / (span * active);
        err.println(String.format(Locale.ROOT,
                "gilprobe: %7.1fs  utilization %5.1f%%  wait share %5.1f%% (%d threads)  p99 wait %s  acquisitions %d",
                endSec, 100 * util, 100 * waitShare, active, nanos(allWaits.getTotalCount() == 0 ? -1
                        : allWaits.getValueAtPercentile(99)), allWaits.getTotalCount()));
        previousHeld = held;
        previousWait = waited;
        previousNanos = now;
        if (rewriteReport) {
            ReportOutput.Written written = ReportOutput.write(report.get(), prefix);
            if (!written.asked()) {
                err.println("gilprobe: " + written.line());
            }
        }
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
