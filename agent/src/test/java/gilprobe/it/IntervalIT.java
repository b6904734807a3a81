package gilprobe.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;

import gilprobe.it.programs.SpinHold;
import gilprobe.report.json.ReportJson;
import gilprobe.report.model.Dist;
import gilprobe.report.model.LockReport;
import gilprobe.report.model.Report;
import gilprobe.report.model.ThreadReport;

/** {@code interval=}: the HdrHistogram interval log, the summary lines, and reports that survive a kill. */
class IntervalIT {
    private static final String SPIN = SpinHold.class.getName();
    private static final String LOCK = "monitor=" + SPIN + ".LOCK";

    static Histogram decode(Dist d) throws java.util.zip.DataFormatException {
        byte[] bytes = Base64.getDecoder().decode(d.histogram());
        return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
    }

    @Test
    void intervalLogAddsUpToTheReportAndHdrHistogramsOwnToolsReadIt() throws Exception {
        var r = ChildJvm.withAgent(LOCK + ",interval=200ms").run(SPIN, "2", "4000", "150", "150");
        assertEquals(0, r.exitCode(), r.stderr());
        Path hlog = Path.of(r.prefix() + ".hlog");
        assertTrue(assertLogAddsUpToReport(hlog, r.lock()) >= 4, "intervals");
        long summaries = r.stderr().lines().filter(l -> l.startsWith("gilprobe: ") && l.contains("utilization")
                && l.contains("wait share") && l.contains("p99 wait")).count();
        assertTrue(summaries >= 4, r.stderr());
        assertHdrHistogramsProcessorReads(hlog, r.lock());
    }

    /**
     * Asserts that the intervals of each tag of {@code hlog} add up to the report's histogram of that thread
     * and kind, percentile for percentile, for at least two threads; returns the number of intervals read.
     */
    static int assertLogAddsUpToReport(Path hlog, LockReport lock) throws Exception {
        Map<String, Histogram> sums = new HashMap<>();
        int intervals = 0;
        HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
        for (EncodableHistogram e; (e = reader.nextIntervalHistogram()) != null; ) {
            Histogram h = (Histogram) e;
            sums.computeIfAbsent(h.getTag(), t -> new Histogram(h.getNumberOfSignificantValueDigits())).add(h);
            intervals++;
        }
        int checked = 0;
        for (ThreadReport t : lock.threads()) {
            for (String kind : new String[] {"hold", "wait"}) {
                Dist d = kind.equals("hold") ? t.holdTimes() : t.waitTimes();
                if (d.count() == 0) {
                    continue;
                }
                Histogram fromLog = sums.get(t.name() + "#" + t.id() + "." + kind);
                assertTrue(fromLog != null, "no " + kind + " tag for " + t.name() + " in " + sums.keySet());
                Histogram fromJson = decode(d);
                assertEquals(fromJson.getTotalCount(), fromLog.getTotalCount(), t.name() + " " + kind + " count");
                for (double q : new double[] {50, 90, 99, 99.9, 100}) {
                    assertEquals(fromJson.getValueAtPercentile(q), fromLog.getValueAtPercentile(q), t.name() + " " + kind + " p" + q);
                }
                checked++;
            }
        }
        assertTrue(checked >= 4, "threads x kinds checked: " + checked);
        return intervals;
    }

    /** Asserts that HdrHistogram's own command-line processor reads {@code hlog} (the first thread's holds). */
    static void assertHdrHistogramsProcessorReads(Path hlog, LockReport lock) throws Exception {
        String hdr = new File(Histogram.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        ThreadReport first = lock.threads().stream().filter(t -> t.holdTimes().count() > 0).findFirst().orElseThrow();
        String tag = first.name() + "#" + first.id() + ".hold";
        Path out = hlog.resolveSibling(hlog.getFileName() + "-processed");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", hdr,
                "org.HdrHistogram.HistogramLogProcessor", "-i", hlog.toString(), "-tag", tag, "-o", out.toString())
                .redirectErrorStream(true).start();
        String printed = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), printed);
        List<String> rows = Files.readAllLines(Path.of(out + ".hgrm"));
        assertTrue(rows.stream().anyMatch(l -> l.contains("Value") && l.contains("Percentile")), String.join("\n", rows));
        assertTrue(rows.stream().anyMatch(l -> l.startsWith("#[Mean")), String.join("\n", rows));
    }

    @Test
    void thousandsOfShortLivedThreadsStayBoundedAndExact() throws Exception {
        String many = gilprobe.it.programs.ManyThreads.class.getName();
        var r = ChildJvm.withAgent("monitor=" + many + ".LOCK,interval=100ms").run(many, "3000", "200");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("total=600000\n", r.stdout());
        assertEquals(600_000, r.lock().acquisitions());
        assertEquals(600_000, r.lock().holdTimes().count());
        assertEquals(600_000, r.lock().threads().stream().mapToLong(ThreadReport::acquisitions).sum());
        assertTrue(r.lock().threads().size() <= 300, "rows: " + r.lock().threads().size());
        ThreadReport ended = r.lock().threads().stream().filter(t -> t.id() == -1).findFirst().orElseThrow();
        assertTrue(ended.name().matches("\\((\\d+) ended threads, merged\\)"), ended.name());
        assertEquals(ended.acquisitions(), ended.holdTimes().count());
        // the interval log counts every hold exactly once, merged threads included
        long logged = 0;
        HistogramLogReader reader = new HistogramLogReader(Path.of(r.prefix() + ".hlog").toFile());
        for (EncodableHistogram e; (e = reader.nextIntervalHistogram()) != null; ) {
            if (((Histogram) e).getTag().endsWith(".hold")) {
                logged += ((Histogram) e).getTotalCount();
            }
        }
        assertEquals(600_000, logged);
    }

    @Test
    void summaryLinesSpreadLongHoldsAndWaitsOverTheirIntervals() throws Exception {
        // main holds the lock 1 s while "waiter" waits about 0.8 s of it: intervals inside that second
        // show 100% utilization and half of the two threads' time waiting, before either one ends; their
        // verdict (the report's rules, on the interval) is "serial"
        String target = gilprobe.it.programs.ProfileTarget.class.getName();
        var r = ChildJvm.withAgent("monitor=" + target + ".LOCK,interval=150ms").run(target);
        assertEquals(0, r.exitCode(), r.stderr());
        var line = java.util.regex.Pattern.compile(
                "utilization +([0-9.]+)% +wait share +([0-9.]+)% \\((\\d+) threads\\).* acquisitions \\d+  ([a-z-]+)$");
        boolean inside = false;
        for (String l : r.stderr().lines().toList()) {
            var m = line.matcher(l);
            if (!m.find()) {
                assertFalse(l.contains("wait share"), "a summary line without its diagnosis: " + l);
                continue;
            }
            double util = Double.parseDouble(m.group(1));
            double share = Double.parseDouble(m.group(2));
            assertTrue(util <= 100.05 && share <= 100.05, l);
            if (util >= 99.5 && m.group(3).equals("2") && share >= 49 && share <= 51) {
                inside = true;
                assertEquals("serial", m.group(4), l);
            }
        }
        assertTrue(inside, r.stderr());
    }

    @Test
    void sigtermWritesTheReportThroughTheShutdownPath() throws Exception {
        var child = ChildJvm.withAgent(LOCK).start(SPIN, "2", "1000000", "100", "100");
        child.awaitStdout("started\n");
        Thread.sleep(1500);
        child.process.destroy(); // SIGTERM
        var r = child.finish();
        assertEquals(143, r.exitCode(), r.stderr());
        assertTrue(r.report() != null, r.stderr());
        long acquisitions = r.lock().acquisitions();
        assertTrue(acquisitions > 100, "acquisitions " + acquisitions);
        // the threads still ran when the hook took the snapshot: holds in progress, and holds that began
        // while it read, are acquisitions whose hold time is not in the histogram (never the reverse)
        long open = acquisitions - r.lock().holdTimes().count();
        assertTrue(open >= 0 && open <= 2 + acquisitions / 100, "acquisitions without a hold time yet: " + open);
    }

    @Test
    void sigkillLosesAtMostOneInterval() throws Exception {
        var child = ChildJvm.withAgent(LOCK + ",interval=1s").start(SPIN, "2", "1000000", "100", "100");
        waitForLine(child, 2); // two interval summaries: the report has been rewritten twice
        child.process.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertTrue(child.process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(137, child.process.exitValue());
        Path json = Path.of(child.prefix + ".json");
        Report report;
        try (Reader in = Files.newBufferedReader(json)) {
            report = ReportJson.read(in);
        }
        long acquisitions = report.locks().get(0).acquisitions();
        assertTrue(acquisitions > 100, "acquisitions " + acquisitions);
        assertTrue(report.run().durationNanos() >= 1_000_000_000L, "the report covers at least the first interval");
        assertTrue(Files.size(Path.of(child.prefix + ".html")) > 0);
        // and the interval log is readable up to its last complete line
        HistogramLogReader reader = new HistogramLogReader(Path.of(child.prefix + ".hlog").toFile());
        List<EncodableHistogram> all = new ArrayList<>();
        for (EncodableHistogram e; (e = reader.nextIntervalHistogram()) != null; ) {
            all.add(e);
        }
        assertTrue(all.size() >= 2, "interval histograms: " + all.size());
    }

    /** Waits until the child printed {@code summaries} interval lines (0: until it printed anything from gilprobe or ran 1 s). */
    private static void waitForLine(ChildJvm.Running child, int summaries) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String err = child.stderrSoFar();
            if (err.lines().filter(l -> l.contains("wait share")).count() >= summaries) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("child did not get going: " + child.stderrSoFar());
    }
}
