package gilprobe.report.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import gilprobe.report.testing.LockHistory;
import gilprobe.report.testing.SyntheticReports;
import gilprobe.report.verdict.Verdict;

/** A report's locks get their verdict from the report's run and timeline: the spans, the ticks, the counts. */
class ReportVerdictTest {
    private static Run run(long duration, int cores) {
        return new Run(0, duration, cores, "17", 1, "", "", "");
    }

    /** main holds 100..300 and 500..600; worker waits 250..300 and holds 300..500. */
    private static LockHistory history() {
        return new LockHistory().thread(1, "main").thread(2, "worker")
                .hold(1, 100, 300).await(2, 250, 300).hold(2, 300, 500).hold(1, 500, 600);
    }

    @Test
    void spansComeFromACompleteTimeline() {
        LockHistory h = history();
        Report r = new Report(Report.FORMAT, run(1_000, 4), List.of(h.lockReport("monitor=a.B", 1_000)), List.of(),
                h.timeline(0), List.of());
        Verdict v = r.locks().get(0).verdict();
        assertEquals("timeline", v.spanSource());
        // main: 100..600, held 300, outside 200 (no ticks: counted as work); worker: 250..500, waited 50, held 200
        assertEquals(new Verdict.ThreadNumbers(1, 500, 500, 0, 0.3, 0), v.threads().get(0));
        assertEquals(new Verdict.ThreadNumbers(2, 250, 200, 50.0 / 250, 0.2, 1), v.threads().get(1));
        assertEquals(0.7, v.effectiveParallelism(), 1e-12);
        assertEquals(0.05, v.threadsWaiting(), 1e-12);
        assertEquals(0.5, v.utilization(), 1e-12);
        assertEquals(2, v.threadCount());
        assertEquals(4, v.cores());
    }

    @Test
    void withoutACompleteTimelineASpanIsTheRun() {
        LockHistory h = history();
        Timeline full = h.timeline(0);
        Timeline cut = new Timeline(0, 100, full.capacity(), 3, full.lanes());
        Report r = new Report(Report.FORMAT, run(1_000, 4), List.of(h.lockReport("monitor=a.B", 1_000)), List.of(), cut,
                List.of());
        Verdict v = r.locks().get(0).verdict();
        assertEquals("run", v.spanSource());
        assertEquals(1_000, v.threads().get(0).spanNanos());
        assertEquals(1_000, v.threads().get(1).spanNanos());
        Report none = new Report(Report.FORMAT, run(1_000, 4), List.of(h.lockReport("monitor=a.B", 1_000)), List.of(), null,
                List.of());
        assertEquals("run", none.locks().get(0).verdict().spanSource());
        // a thread without a lane: its span is the run, the others' their lanes
        Timeline oneLane = new Timeline(0, 0, full.capacity(), 0, List.of(full.lanes().get(0)));
        Report mixed = new Report(Report.FORMAT, run(1_000, 4), List.of(h.lockReport("monitor=a.B", 1_000)), List.of(),
                oneLane, List.of());
        Verdict m = mixed.locks().get(0).verdict();
        assertEquals("mixed", m.spanSource());
        assertEquals(500, m.threads().get(0).spanNanos());
        assertEquals(1_000, m.threads().get(1).spanNanos());
    }

    /** Each lock takes spans from its own timeline; a lock without one (an old report's second lock) from the run. */
    @Test
    void eachLockTakesSpansFromItsOwnTimeline() {
        LockHistory h = history();
        LockReport first = h.lockReport("monitor=a.B", 1_000);
        LockReport second = h.lockReport("monitor=a.C", 1_000);
        Report r = new Report(Report.FORMAT, run(1_000, 4), List.of(first, second), List.of(), h.timeline(0), List.of());
        assertEquals("timeline", r.locks().get(0).verdict().spanSource());
        assertEquals(500, r.locks().get(0).verdict().threads().get(0).spanNanos());
        assertEquals("run", r.locks().get(1).verdict().spanSource(), "the report's timeline is the first lock's");
        assertEquals(1_000, r.locks().get(1).verdict().threads().get(0).spanNanos());
        Report own = new Report(Report.FORMAT, run(1_000, 4), List.of(first, second.withTimeline(h.timeline(0))), List.of(),
                h.timeline(0), List.of());
        assertEquals("timeline", own.locks().get(1).verdict().spanSource(), "its own timeline");
        assertEquals(500, own.locks().get(1).verdict().threads().get(0).spanNanos());
    }

    @Test
    void ticksAndHandoffsReachTheVerdict() {
        Report battle = SyntheticReports.gilBattle(3, 20_000);
        LockReport lock = battle.locks().get(0);
        Verdict v = lock.verdict();
        assertEquals("gil-battle", v.diagnosis());
        assertEquals("ticks", v.workSource(), "the synthetic battle runs its ticks under the lock");
        assertEquals((double) lock.handoffs().unfairSelfReacquire() / lock.acquisitions(), v.unfairRate(), 1e-15);
        assertEquals((double) lock.handoffs().toOtherThread() / lock.acquisitions(), v.handoffRate(), 1e-15);
        assertEquals((double) lock.contendedAcquisitions() / lock.acquisitions(), v.contendedShare(), 1e-15);
        assertEquals(lock.utilization(), v.utilization(), 0, "the contract's utilization, the same division");
        assertEquals(lock.speedupBound(), v.speedupCap(), 0);
        // every tick under the lock: the work is the held work, each thread's ticks at the fastest thread's speed
        double fastest = Double.MAX_VALUE;
        for (var t : lock.threads()) {
            fastest = Math.min(fastest, (double) t.heldNanos() / t.ticksHeld());
        }
        long work = 0;
        for (int i = 0; i < lock.threads().size(); i++) {
            var t = lock.threads().get(i);
            long held = Math.min(t.heldNanos(), Math.round(t.ticksHeld() * fastest));
            assertTrue(held >= 0.99 * t.heldNanos(), "the synthetic threads all run 10 ns ticks, up to rounding");
            assertEquals(held, v.threads().get(i).workNanos());
            work += held;
            assertEquals(t.id(), v.threads().get(i).id());
        }
        assertEquals((double) work / battle.run().durationNanos(), v.effectiveParallelism(), 1e-12);
    }

    @Test
    void aLockThatHasAVerdictKeepsIt() {
        Report r = SyntheticReports.noContention();
        LockReport lock = r.locks().get(0);
        Report again = new Report(r.format(), run(5, 1), List.of(lock), List.of(), null, List.of());
        assertSame(lock.verdict(), again.locks().get(0).verdict());
        assertSame(lock.verdict(), r.withProfile(null).locks().get(0).verdict());
    }

    @Test
    void aLockNeverAcquiredIsDiagnosedSo() {
        Verdict v = SyntheticReports.neverAcquired().locks().get(0).verdict();
        assertEquals("never-acquired", v.diagnosis());
        assertEquals("warn", v.severity());
    }
}
