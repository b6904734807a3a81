package gilprobe.report.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import gilprobe.report.json.ReportJson;
import gilprobe.report.model.DispatchLoop;
import gilprobe.report.model.Dist;
import gilprobe.report.model.Handoffs;
import gilprobe.report.model.Jvm;
import gilprobe.report.model.LockReport;
import gilprobe.report.model.Report;
import gilprobe.report.model.Run;
import gilprobe.report.model.ThreadReport;
import gilprobe.report.model.Timeline;
import gilprobe.report.testing.LockHistory;
import gilprobe.report.testing.SyntheticReports;
import gilprobe.report.verdict.Verdict;

/** Merging reports of one lock from several JVMs: exact sums, added histograms, one row per JVM, one-line refusals. */
class MergeReportsTest {
    private static final String SPEC = "monitor=demo.Interp.GIL";

    /** {@code r} as run by process {@code pid} on {@code host}, started at {@code start} ms, on {@code cores} cores. */
    private static Report as(Report r, String host, long pid, long start, int cores) {
        Run run = r.run();
        return new Report(r.format(), new Run(start, run.durationNanos(), cores, run.javaVersion(), pid, run.options(),
                run.mainCommand(), run.vmName(), host), r.locks(), r.dispatchLoops(), r.timeline(), r.notes(), r.profile(),
                r.candidates());
    }

    /**
     * JVM A: two threads; "a1" holds 3 times for 1,000 ns, "a2" waits 1,200 ns (over a1's third hold) then holds
     * 2,000 ns; 10,000 ns run.
     * JVM B: one thread "b1" holds 4 times for 250 ns, one condition wait of 700 ns; 5,000 ns run.
     */
    private static Report jvmA() {
        LockHistory h = new LockHistory().thread(1, "a1").thread(2, "a2");
        h.hold(1, 0, 1_000).hold(1, 1_100, 2_100).hold(1, 2_200, 3_200);
        h.await(2, 2_000, 3_200).hold(2, 3_200, 5_200);
        h.ticks(1, 300, 30);
        return report(h, 10_000, List.of(new DispatchLoop("demo.Interp", "run", "()V", 20, 330,
                List.of(new DispatchLoop.LoopThread("a1", 1, 330)), List.of(new DispatchLoop.OpcodeCount(3, false, 300),
                        new DispatchLoop.OpcodeCount(0, true, 30)))));
    }

    private static Report jvmB() {
        LockHistory h = new LockHistory().thread(1, "b1");
        h.hold(1, 0, 250).hold(1, 300, 550).conditionWait(1, 550, 1_250).hold(1, 1_250, 1_500).hold(1, 1_600, 1_850);
        return report(h, 5_000, List.of(new DispatchLoop("demo.Interp", "run", "()V", 22, 70,
                List.of(new DispatchLoop.LoopThread("b1", 1, 70)), List.of(new DispatchLoop.OpcodeCount(3, false, 70)))));
    }

    private static Report report(LockHistory h, long duration, List<DispatchLoop> loops) {
        return new Report(Report.FORMAT, new Run(0, duration, 2, "17", 1, SPEC, "demo.Main", "VM"),
                List.of(h.lockReport(SPEC, duration)), loops, h.timeline(0), List.of("its note"));
    }

    private static Report merge(Report... reports) {
        List<MergeReports.Input> in = new ArrayList<>();
        for (int i = 0; i < reports.length; i++) {
            in.add(new MergeReports.Input("dir/r" + i + ".json", reports[i]));
        }
        return MergeReports.merge(in);
    }

    @Test
    void countsAndTimesAreExactSums() {
        Report a = as(jvmA(), "web-1", 100, 1_000, 2);
        Report b = as(jvmB(), "web-2", 200, 2_000, 4);
        Report m = merge(a, b);
        LockReport lock = m.locks().get(0);
        assertEquals(SPEC, lock.spec());
        assertEquals(4 + 4, lock.acquisitions());
        assertEquals(1, lock.contendedAcquisitions());
        assertEquals(3 * 1_000 + 2_000 + 4 * 250, lock.heldNanos());
        assertEquals(1_200, lock.waitNanos());
        assertEquals(700, lock.conditionWaitNanos());
        assertEquals(1, lock.conditionWaits());
        // A: a1 a1 a1 a2 = 2 self, 1 handoff; B: 3 self re-acquires
        assertEquals(1, lock.handoffs().toOtherThread());
        assertEquals(2 + 3, lock.handoffs().selfReacquire());
        assertEquals(1, lock.handoffs().unfairSelfReacquire(), "a1's third hold while a2 waited");
        assertEquals(lock.handoffs().toOtherThread() + lock.handoffs().selfReacquire(),
                lock.handoffs().matrix().stream().mapToLong(Handoffs.Edge::count).sum());
        assertEquals(8, lock.holdTimes().count());
        assertEquals(1, lock.waitTimes().count(), "a2's one wait");
        // the run: durations summed, utilization = Σ held / Σ durations
        assertEquals(15_000, m.run().durationNanos());
        assertEquals(6_000.0 / 15_000, lock.utilization(), 1e-15);
        assertEquals(1_000, m.run().startEpochMillis());
        assertEquals(3, m.run().availableProcessors(), "(2 x 10,000 + 4 x 5,000) / 15,000 cores, rounded");
        assertEquals("web-1, web-2", m.run().host());
        assertEquals(0, m.run().pid());
        // the verdict is the fleet's, over the summed durations
        Verdict v = lock.verdict();
        assertEquals(lock.utilization(), v.utilization(), 1e-15);
        assertEquals(3, v.threadCount());
        assertEquals(1_200.0 / 15_000, v.threadsWaiting(), 1e-15);
        // threads: every one kept, labelled with its JVM, with a new id unique in the report
        List<String> names = lock.threads().stream().map(ThreadReport::name).toList();
        assertEquals(List.of("[web-1:100] a1", "[web-1:100] a2", "[web-2:200] b1"), names);
        Set<Long> ids = new HashSet<>();
        lock.threads().forEach(t -> ids.add(t.id()));
        assertEquals(3, ids.size());
        assertEquals(3, lock.threads().get(0).acquisitions());
        assertEquals(4, lock.threads().get(2).acquisitions());
        for (Handoffs.Edge e : lock.handoffs().matrix()) {
            assertTrue(ids.contains(e.fromId()) && ids.contains(e.toId()), e.toString());
        }
        // dispatch loops summed by method
        assertEquals(1, m.dispatchLoops().size());
        DispatchLoop loop = m.dispatchLoops().get(0);
        assertEquals(400, loop.ticks());
        assertEquals(22, loop.cases());
        assertEquals(List.of(new DispatchLoop.OpcodeCount(3, false, 370), new DispatchLoop.OpcodeCount(0, true, 30)), loop.opcodes());
        assertEquals(List.of("[web-1:100] a1", "[web-2:200] b1"), loop.threads().stream().map(DispatchLoop.LoopThread::name).toList());
    }

    @Test
    void oneRowPerJvmWithItsOwnNumbers() {
        Report a = as(jvmA(), "web-1", 100, 1_000, 2);
        Report b = as(jvmB(), "", 200, 2_000, 4);
        Report m = merge(a, b);
        assertEquals(2, m.jvms().size());
        Jvm ja = m.jvms().get(0);
        Jvm jb = m.jvms().get(1);
        assertEquals("dir/r0.json", ja.file());
        assertEquals("web-1", ja.host());
        assertEquals("r1", jb.host(), "no run.host: the file's name");
        assertEquals(100, ja.pid());
        assertEquals(200, jb.pid());
        assertEquals(10_000, ja.durationNanos());
        assertEquals(2_000, jb.startEpochMillis());
        assertEquals(4, jb.availableProcessors());
        Jvm.JvmLock la = ja.locks().get(0);
        LockReport own = a.locks().get(0);
        assertEquals(own.acquisitions(), la.acquisitions());
        assertEquals(own.heldNanos(), la.heldNanos());
        assertEquals(own.utilization(), la.utilization());
        assertEquals(own.verdict().waitShare(), la.waitShare());
        assertEquals(own.verdict().headline(), la.headline());
        assertEquals(own.verdict().diagnosis(), la.diagnosis());
        assertEquals(0.5, la.utilization(), 1e-15);
        assertEquals(0.2, jb.locks().get(0).utilization(), 1e-15);
        // notes: where it came from, then each JVM's own, labelled
        assertTrue(m.notes().get(0).startsWith("merged from 2 reports: dir/r0.json (web-1:100), dir/r1.json (r1:200)"), m.notes().get(0));
        assertTrue(m.notes().contains("[web-1:100] its note"), m.notes().toString());
        assertTrue(m.notes().contains("[r1:200] its note"), m.notes().toString());
    }

    @Test
    void timelinesAreLaidEndToEnd() {
        Report m = merge(as(jvmA(), "a", 1, 0, 2), as(jvmB(), "b", 2, 0, 2));
        Timeline t = m.timeline();
        assertEquals(3, t.lanes().size());
        Timeline.Lane b1 = t.lanes().get(2);
        assertEquals("[b:2] b1", b1.name());
        assertEquals(10_000, b1.intervals().get(0).startNanos(), "B's lanes start after A's 10,000 ns");
        assertEquals(10_000 + 1_850, b1.intervals().get(b1.intervals().size() - 1).endNanos());
        assertEquals(0, t.droppedEvents());
        assertEquals(m.locks().get(0).timeline(), t);
        // each thread's span stays in its own JVM: b1 from its first to its last interval, not the fleet's time
        Verdict.ThreadNumbers n = m.locks().get(0).verdict().threads().get(2);
        assertEquals(1_850, n.spanNanos());
        assertEquals("timeline", m.locks().get(0).verdict().spanSource());
    }

    /** Values recorded into two histograms, merged, read as one histogram holding both sets. */
    @Test
    void mergedPercentilesAreThoseOfOneHistogramHoldingAllValues() {
        SplittableRandom random = new SplittableRandom(7);
        Histogram one = nanos();
        Histogram two = nanos();
        Histogram both = nanos();
        for (int i = 0; i < 20_000; i++) {
            long v = (long) Math.exp(random.nextDouble(3, 20)); // 20 ns .. 0.5 s, log-uniform
            (i % 3 == 0 ? one : two).recordValue(v);
            both.recordValue(v);
        }
        for (int i = 0; i < 50; i++) {
            two.recordValue(2_000_000_000L + i); // a tail only the second JVM has
            both.recordValue(2_000_000_000L + i);
        }
        Report a = withHolds(jvmA(), one, "a", 1);
        Report b = withHolds(jvmA(), two, "b", 2);
        Dist merged = merge(a, b).locks().get(0).holdTimes();
        Dist expected = Dist.of(both);
        assertEquals(expected.count(), merged.count());
        assertEquals(expected.min(), merged.min());
        assertEquals(expected.mean(), merged.mean(), 1e-9 * expected.mean());
        assertEquals(expected.p50(), merged.p50());
        assertEquals(expected.p90(), merged.p90());
        assertEquals(expected.p99(), merged.p99());
        assertEquals(expected.p999(), merged.p999());
        assertEquals(expected.max(), merged.max());
        Histogram decoded = merged.decode();
        for (double p : new double[] {0, 10, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 100}) {
            assertEquals(both.getValueAtPercentile(p), decoded.getValueAtPercentile(p), "p" + p);
        }
        assertEquals(both.getTotalCount(), decoded.getTotalCount());
        // and a histogram of no values adds nothing
        assertEquals(expected, MergeReports.addHistograms(List.of(Dist.of(both), Dist.empty()), List.of("a", "b"), "x"));
    }

    /** As the agent sizes them (gilprobe.record.Histograms): 1 ns to one hour, two significant digits. */
    private static Histogram nanos() {
        return new Histogram(1, 3_600_000_000_000L, 2);
    }

    private static Report withHolds(Report r, Histogram holds, String host, long pid) {
        LockReport l = r.locks().get(0);
        LockReport changed = new LockReport(l.spec(), l.kind(), holds.getTotalCount(), 0, l.heldNanos(), l.waitNanos(),
                l.conditionWaitNanos(), l.utilization(), l.handoffs(), Dist.of(holds), l.waitTimes(), l.threads(),
                l.conditionWaits(), l.ticksPerHold(), true, List.of(), 1);
        return as(new Report(r.format(), r.run(), List.of(changed), r.dispatchLoops(), r.timeline(), r.notes()), host, pid, 0, 2);
    }

    @Test
    void severalLocksAreMergedLockByLockBySpec() {
        LockHistory h = new LockHistory().thread(1, "t").hold(1, 0, 100);
        LockReport x = h.lockReport("monitor=a.X.f", 1_000);
        LockReport y = h.lockReport("lock=a.Y.g", 1_000);
        LockReport yAsLock = new LockReport(y.spec(), "lock", y.acquisitions(), y.contendedAcquisitions(), y.heldNanos(),
                y.waitNanos(), y.conditionWaitNanos(), y.utilization(), y.handoffs(), y.holdTimes(), y.waitTimes(), y.threads(),
                y.conditionWaits(), y.ticksPerHold(), true, List.of(), 1);
        Run run = new Run(0, 1_000, 2, "17", 1, "", "", "", "h");
        Report first = new Report(Report.FORMAT, run, List.of(x, yAsLock), List.of(), null, List.of());
        Report second = new Report(Report.FORMAT, new Run(5, 1_000, 2, "17", 2, "", "", "", "h"), List.of(yAsLock, x),
                List.of(), null, List.of());
        Report m = merge(first, second);
        assertEquals(List.of("monitor=a.X.f", "lock=a.Y.g"), m.locks().stream().map(LockReport::spec).toList(), "the first report's order");
        assertEquals("lock", m.locks().get(1).kind());
        for (LockReport l : m.locks()) {
            assertEquals(2, l.acquisitions());
            assertEquals(200, l.heldNanos());
            assertEquals(2, l.threads().size());
        }
        assertEquals(m.locks().get(0).threads().get(1).id(), m.locks().get(1).threads().get(1).id(),
                "one thread of one JVM has one id in every lock");
        assertNull(m.timeline());
        assertEquals(2, m.jvms().get(1).locks().size());
    }

    /** A thread waits for the lock of its own JVM: the convoy rule never pairs threads of two JVMs. */
    @Test
    void aConvoyIsOnlyEverWithinOneJvm() {
        // X: a thread with short holds after long waits; Y: a thread with long holds. Paired, they would be a convoy.
        LockHistory x = new LockHistory().thread(1, "fast");
        long now = 0;
        for (int i = 0; i < 20; i++) {
            x.await(1, now, now + 2_000_000).hold(1, now + 2_000_000, now + 2_001_000);
            now += 2_001_000;
        }
        LockHistory y = new LockHistory().thread(1, "slow");
        for (int i = 0; i < 5; i++) {
            y.hold(1, i * 6_000_000L, i * 6_000_000L + 5_000_000);
        }
        Report rx = as(report(x, now, List.of()), "x", 1, 0, 2);
        Report ry = as(report(y, 30_000_000, List.of()), "y", 2, 0, 2);
        Verdict fleet = merge(rx, ry).locks().get(0).verdict();
        assertNull(fleet.convoy(), fleet.headline());
        // the rule itself would pair them: the same threads as one JVM's
        LockHistory both = new LockHistory().thread(1, "fast").thread(2, "slow");
        now = 0;
        for (int i = 0; i < 20; i++) {
            both.await(1, now, now + 2_000_000).hold(1, now + 2_000_000, now + 2_001_000);
            now += 2_001_000;
        }
        for (int i = 0; i < 5; i++) {
            both.hold(2, now + i * 6_000_000L, now + i * 6_000_000L + 5_000_000);
        }
        assertEquals("convoy", report(both, now + 30_000_000, List.of()).locks().get(0).verdict().diagnosis());
        // a convoy inside one JVM stays the fleet's convoy, between that JVM's threads
        Report convoy = as(SyntheticReports.convoy(40), "c", 3, 0, 2);
        Report m = merge(as(SyntheticReports.noContention(), "q", 4, 0, 8), convoy);
        Verdict.Convoy c = m.locks().get(0).verdict().convoy();
        assertEquals("[c:3] io", c.thread());
        assertEquals("[c:3] cpu", c.byThread());
        assertEquals(convoy.locks().get(0).verdict().convoy().waitP50(), c.waitP50());
    }

    @Test
    void oneReportIsThatRunWithItsRow() {
        Report a = as(jvmA(), "web-1", 100, 1_000, 2);
        Report m = merge(a);
        LockReport lock = m.locks().get(0);
        LockReport own = a.locks().get(0);
        assertEquals(own.acquisitions(), lock.acquisitions());
        assertEquals(own.utilization(), lock.utilization(), 1e-15);
        assertEquals(own.verdict().diagnosis(), lock.verdict().diagnosis());
        assertEquals(own.verdict().waitShare(), lock.verdict().waitShare(), 1e-15);
        assertEquals(own.holdTimes().p99(), lock.holdTimes().p99());
        assertEquals(1, m.jvms().size());
    }

    @Test
    void theMergedReportReadsBackWithItsJvmsAndHosts() throws IOException {
        Report m = merge(as(SyntheticReports.gilBattle(3, 2_000), "web-1", 100, 1_000, 4),
                as(SyntheticReports.convoy(20), "web-2", 200, 2_000, 2));
        StringWriter w = new StringWriter();
        ReportJson.write(m, w);
        Report again = ReportJson.read(new StringReader(w.toString()));
        assertEquals(m.jvms(), again.jvms());
        assertEquals(m.run(), again.run());
        assertEquals(m.locks().get(0).verdict(), again.locks().get(0).verdict());
        assertEquals(m.locks().get(0).threads(), again.locks().get(0).threads());
        // a report of one run has neither
        StringWriter single = new StringWriter();
        ReportJson.write(SyntheticReports.convoy(3), single);
        assertTrue(!single.toString().contains("\"jvms\"") && !single.toString().contains("\"host\""));
        assertNull(ReportJson.read(new StringReader(single.toString())).jvms());
    }

    @Test
    void differentLocksAreRefusedInOneLine() {
        Report a = jvmA();
        LockHistory h = new LockHistory().thread(1, "t").hold(1, 0, 100);
        Report other = new Report(Report.FORMAT, new Run(9, 1_000, 2, "17", 9, "", "", ""),
                List.of(h.lockReport("monitor=demo.Other.LOCK", 1_000)), List.of(), null, List.of());
        MergeException e = assertThrows(MergeException.class, () -> merge(a, other));
        assertEquals("dir/r1.json and dir/r0.json watch different locks: monitor=demo.Other.LOCK against " + SPEC
                + "; merge adds up reports of the same lock(s)", e.getMessage());
        // the same spec of another kind is another lock
        LockReport l = a.locks().get(0);
        LockReport asLock = new LockReport(l.spec(), "lock", l.acquisitions(), l.contendedAcquisitions(), l.heldNanos(),
                l.waitNanos(), l.conditionWaitNanos(), l.utilization(), l.handoffs(), l.holdTimes(), l.waitTimes(),
                l.threads(), l.conditionWaits(), l.ticksPerHold(), true, List.of(), 1);
        Report kind = new Report(Report.FORMAT, new Run(9, 10_000, 2, "17", 9, "", "", ""), List.of(asLock), List.of(),
                null, List.of());
        assertEquals("dir/r1.json and dir/r0.json watch different locks: " + SPEC + " (lock) against " + SPEC
                + " (monitor); merge adds up reports of the same lock(s)", assertThrows(MergeException.class, () -> merge(a, kind)).getMessage());
        // one lock more
        Report two = new Report(Report.FORMAT, new Run(9, 10_000, 2, "17", 9, "", "", ""),
                List.of(l, h.lockReport("monitor=demo.Other.LOCK", 1_000)), List.of(), null, List.of());
        assertEquals("dir/r1.json and dir/r0.json watch different locks: " + SPEC + " + monitor=demo.Other.LOCK against "
                + SPEC + "; merge adds up reports of the same lock(s)", assertThrows(MergeException.class, () -> merge(a, two)).getMessage());
    }

    @Test
    void theSameRunTwiceAndNoLockAreRefusedInOneLine() {
        Report a = as(jvmA(), "web-1", 100, 1_000, 2);
        assertEquals("dir/r1.json is the same run as dir/r0.json (pid 100, started at 1000 ms): give each JVM's report once",
                assertThrows(MergeException.class, () -> merge(a, a)).getMessage());
        // the same pid on another host, or started at another time, is another JVM
        assertEquals(2, merge(a, as(jvmA(), "web-2", 100, 1_000, 2)).jvms().size());
        assertEquals(2, merge(a, as(jvmA(), "web-1", 100, 1_001, 2)).jvms().size());
        Report none = new Report(Report.FORMAT, new Run(0, 1_000, 2, "17", 1, "find=true", "", ""), List.of(), List.of(),
                null, List.of()).withCandidates(List.of());
        MergeException e = assertThrows(MergeException.class, () -> merge(none, a));
        assertTrue(e.getMessage().startsWith("dir/r0.json has no designated lock"), e.getMessage());
        assertEquals("nothing to merge: give one or more reports",
                assertThrows(MergeException.class, () -> MergeReports.merge(List.of())).getMessage());
        for (String m : List.of(e.getMessage())) {
            assertEquals(1, m.lines().count());
        }
    }

    @Test
    void aHistogramThatIsNotOneIsRefusedNamingTheLock() {
        Report a = jvmA();
        LockReport l = a.locks().get(0);
        Dist bad = new Dist(1, 1, 1, 1, 1, 1, 1, 1, "bm90IGEgaGlzdG9ncmFt");
        LockReport broken = new LockReport(l.spec(), l.kind(), l.acquisitions(), l.contendedAcquisitions(), l.heldNanos(),
                l.waitNanos(), l.conditionWaitNanos(), l.utilization(), l.handoffs(), bad, l.waitTimes(), l.threads(),
                l.conditionWaits(), l.ticksPerHold(), true, List.of(), 1);
        Report b = as(new Report(Report.FORMAT, a.run(), List.of(broken), List.of(), null, List.of()), "h", 5, 5, 2);
        MergeException e = assertThrows(MergeException.class, () -> merge(a, b));
        assertTrue(e.getMessage().startsWith("dir/r1.json: " + SPEC + " hold: histogram field is not a compressed HdrHistogram"),
                e.getMessage());
    }
}
