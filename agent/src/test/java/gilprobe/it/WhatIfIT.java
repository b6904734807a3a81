package gilprobe.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import gilprobe.it.programs.WhatIfWork;
import gilprobe.report.model.LockReport;
import gilprobe.report.verdict.Verdict;
import gilprobe.report.verdict.WhatIf;

/**
 * {@code locks[i].whatIf} against a run whose time without the lock is known: {@link WhatIfWork}'s threads sleep
 * a known time while they hold the lock and between holds, so without the lock a thread's part takes
 * count × (hold + gap), plus however late its sleeps ended (the program adds that up: on a loaded machine a
 * thread waits for a core when it wakes). The prediction for the locked section (predicted − the part of the run
 * outside it) must be that, within 35%; the locked section took 1.55 and 2 times as long (the holds serialised),
 * so a method that predicted the observed time fails, and the test checks that it would. The same work without the
 * lock, done next in the same JVM, is printed with the numbers: on a loaded machine its own sleeps end late by
 * other amounts, so it is no exact reference. No timing is asserted.
 */
class WhatIfIT {
    private static final String WORK = WhatIfWork.class.getName();
    /**
     * Wide enough for a loaded machine (a thread descheduled after a release spends that time outside the lock,
     * counted as work: +29% measured at load 8), narrow enough that predicting the observed time (+55% and
     * +100% here) fails.
     */
    private static final double TOLERANCE = 0.35;

    @ParameterizedTest(name = "2 threads, {0} holds of {1} ms, {2} ms outside")
    @CsvSource({"12, 20, 0", "12, 15, 5"})
    void thePredictionIsTheTimeOfTheSameWorkWithoutTheLock(int count, int holdMillis, int gapMillis) throws Exception {
        Assumptions.assumeTrue(Runtime.getRuntime().availableProcessors() >= 2,
                "the what-if gives each of the 2 threads a core: it needs 2");
        var r = ChildJvm.withAgent("monitor=" + WORK + ".LOCK").run(WORK, "2", String.valueOf(count),
                String.valueOf(holdMillis), String.valueOf(gapMillis));
        assertEquals(0, r.exitCode(), r.stderr());
        Map<String, Long> printed = new HashMap<>();
        for (String kv : r.programStdout().trim().split(" ")) {
            String[] p = kv.split("=");
            printed.put(p[0], Long.parseLong(p[1]));
        }
        long locked = printed.get("locked_ns");
        long free = printed.get("free_ns");
        // the work each thread did in the locked section: its sleeps as asked, and as late as they ended
        long known = printed.get("known_ns") + printed.get("locked_late_ns");
        LockReport lock = r.lock();
        Verdict v = lock.verdict();
        WhatIf w = v.whatIf();
        long run = r.report().run().durationNanos();
        String at = "locked " + locked + " ns, free " + free + " ns, known " + printed.get("known_ns") + " ns + "
                + printed.get("locked_late_ns") + " ns late, run " + run + " ns, " + w;
        assertEquals(0, r.report().timeline().droppedEvents(), "every span known: " + at);
        assertEquals("timeline", v.spanSource(), at);
        // the part of the run outside the locked section (start-up, the free section, exit) stays as it was
        double predictedLocked = w.predictedNanos() - (run - locked);
        assertEquals(known, predictedLocked, TOLERANCE * known, at);
        assertTrue(Math.abs(locked - known) > TOLERANCE * known,
                "the lock made the section slower, so predicting the observed time would fail: " + at);
        assertEquals((double) run / w.predictedNanos(), w.speedup(), 1e-6 * w.speedup(), at);
        assertTrue(w.method().contains("of the run before the first and after the last use of the lock stay as they were"),
                w.method());
        // the lost cores are the same account: the work done in the run, done in the predicted time
        long work = 0;
        for (int i = 0; i < lock.threads().size(); i++) {
            var t = lock.threads().get(i);
            if (t.acquisitions() > 0 || t.heldNanos() > 0 || t.waitNanos() > 0) {
                work += v.threads().get(i).workNanos();
            }
        }
        assertEquals(work, (v.effectiveParallelism() + v.coresLost()) * run / w.speedup(), 1e-6 * work, at);
    }
}
