package gilprobe.report.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import gilprobe.report.verdict.VerdictInput.SpanSource;
import gilprobe.report.verdict.VerdictInput.ThreadInput;

/** The verdict's numbers and diagnoses on inputs whose every count and time is known; no model, no browser. */
class VerdictsTest {
    private static final long MS = 1_000_000;
    private static final double EPS = 1e-12;

    /** A thread that used the lock: hold, wait, condition wait and span in ms; 10 acquisitions, 4 contended. */
    private static ThreadInput thread(long id, long heldMs, long waitMs, long cwaitMs, long spanMs) {
        return thread(id, heldMs, waitMs, cwaitMs, spanMs, 0, 0);
    }

    private static ThreadInput thread(long id, long heldMs, long waitMs, long cwaitMs, long spanMs, long ticksHeld,
                                      long ticksNotHeld) {
        return new ThreadInput(id, "t" + id, 10, 4, heldMs * MS, waitMs * MS, cwaitMs * MS, spanMs * MS,
                SpanSource.TIMELINE, ticksHeld, ticksNotHeld, 10, 1_000, 10, 2_000);
    }

    /** A lock over {@code wallMs} on {@code cores} cores, held {@code heldMs} in all, with these handoff counts. */
    private static VerdictInput lock(long wallMs, int cores, long heldMs, long acquisitions, long contended, long toOther,
                                     long self, long unfair, ThreadInput... threads) {
        return new VerdictInput("monitor=demo.L", true, false, wallMs * MS, cores, 1, acquisitions, contended,
                heldMs * MS, toOther, self, unfair, List.of(threads));
    }

    private static List<String> codes(Verdict v) {
        return v.diagnoses().stream().map(Verdict.Diagnosis::code).toList();
    }

    @Test
    void everyNumberOfAKnownInput() {
        // t1: held 600, waited 300, span 1000: 100 outside, counted as work (no ticks) -> work 700, demand 1000
        // t2: held 300, waited 500, condition wait 100, span 1000: 100 outside -> work 400, demand 900
        Verdict v = Verdicts.of(lock(1000, 4, 900, 100, 40, 30, 69, 20,
                thread(1, 600, 300, 0, 1000), thread(2, 300, 500, 100, 1000)));
        assertEquals(2, v.threadCount());
        assertEquals(4, v.cores());
        assertEquals(0.9, v.utilization(), EPS);
        assertEquals(1 / 0.9, v.speedupCap(), EPS);
        assertEquals(0.8, v.threadsWaiting(), EPS);
        assertEquals(1.1, v.effectiveParallelism(), EPS);
        // without the lock: the busiest thread's 700 ms (4 cores share 1100 ms in 275): 1.43x faster; the same
        // 1100 ms of work in 700 ms keeps 1.57 cores busy, against 1.1 with the lock
        assertEquals(700 * MS, v.whatIf().predictedNanos());
        assertEquals(1000.0 / 700, v.whatIf().speedup(), EPS);
        assertEquals(1100.0 / 700 - 1.1, v.coresLost(), EPS, "min(cores 4, work 1100 / predicted 700) - parallelism 1.1");
        assertEquals(800.0 / 1900, v.waitShare(), EPS);
        assertEquals(800.0 / 1000, v.unheldWaitShare(), EPS, "wait 800 / (wait 800 + work without the lock 200)");
        assertEquals(0.4, v.contendedShare(), EPS);
        assertEquals(0.69, v.selfReacquireRate(), EPS);
        assertEquals(0.2, v.unfairRate(), EPS);
        assertEquals(0.3, v.handoffRate(), EPS);
        assertEquals("timeline", v.spanSource());
        assertEquals("span", v.workSource());
        assertEquals(List.of(new Verdict.ThreadNumbers(1, 1000 * MS, 700 * MS, 0.3, 0.6, 0.4),
                new Verdict.ThreadNumbers(2, 1000 * MS, 400 * MS, 500.0 / 900, 0.3, 0.4)), v.threads());
        // unfair re-acquires and waits, but t1 alone has 700 ms of work: the lock costs 0.47 cores, no battle
        assertEquals(List.of("serial"), codes(v));
        assertEquals("bad", v.severity());
        assertEquals(v.diagnoses().get(0).line(), v.headline());
        assertEquals("The lock was held 90.0% of the 1.00 s run by 2 threads on 4 cores; of the time they wanted to run,"
                + " those threads spent 42.1% waiting for it. Their work adds up to 1.10 s (one core's time for all of it);"
                + " at an average moment 1.10 threads did it, and 0.47 cores stood idle that it would have used without the"
                + " lock. Without this lock: about 700 ms (1.43× faster); with it, no number of cores can make this run"
                + " more than 1.11× faster.", v.summary());
    }

    @Test
    void ticksTellWorkWithoutTheLockFromBlockingElsewhere() {
        // 400 ms outside the lock; ticks say it ran 100 ticks without the lock for 1000 under it in 500 ms
        // held: 50 ms of work at that rate, the other 350 ms blocked elsewhere
        Verdict v = Verdicts.of(lock(1000, 2, 500, 10, 0, 0, 0, 0, thread(1, 500, 100, 0, 1000, 1000, 100)));
        assertEquals(550 * MS, v.threads().get(0).workNanos());
        assertEquals(0.55, v.effectiveParallelism(), EPS);
        assertEquals(100.0 / 650, v.waitShare(), EPS);
        assertEquals("ticks", v.workSource());
        // ticks never make more work than the time outside the lock
        Verdict capped = Verdicts.of(lock(1000, 2, 500, 10, 0, 0, 0, 0, thread(1, 500, 100, 0, 1000, 10, 1000)));
        assertEquals(1000 * MS - 100 * MS, capped.threads().get(0).workNanos());
        Verdict mixed = Verdicts.of(lock(1000, 2, 500, 10, 0, 0, 0, 0, thread(1, 250, 0, 0, 1000, 10, 0),
                thread(2, 250, 0, 0, 1000)));
        assertEquals("mixed", mixed.workSource());
    }

    /**
     * Two CPU-bound workers behind a GIL, and the main thread that started them and joined them: the run takes
     * twice its sequential time. The workers hold and wait half of the run each; main holds 1 ms at either end
     * and is blocked in join() in between, its lane spanning the whole run. The page's old formula counted
     * main's join as work: "effective parallelism 2.00 of 2, cores lost 0.00" beside "GIL battle ... no faster
     * than one core". The ticks say main ran no interpreter code without the lock.
     */
    @Test
    void aGilBattleWithAJoiningMainThreadLosesACore() {
        long wall = 2000;
        ThreadInput main = thread(1, 2, 0, 0, wall, 20, 0);
        ThreadInput w1 = thread(2, 998, 1000, 0, wall, 9_980, 0);
        ThreadInput w2 = thread(3, 998, 1000, 0, wall, 9_980, 0);
        Verdict v = Verdicts.of(lock(wall, 2, 1998, 20_000, 10_000, 400, 19_600, 9_000, main, w1, w2));
        assertEquals(0.999, v.effectiveParallelism(), EPS, "one thread at a time works");
        assertEquals(1.0, v.threadsWaiting(), EPS);
        // without the lock the 1998 ms of work take 999 ms on 2 cores: twice as fast, both cores busy
        assertEquals(999 * MS, v.whatIf().predictedNanos());
        assertEquals(2000.0 / 999, v.whatIf().speedup(), EPS);
        assertEquals(1.001, v.coresLost(), 1e-9, "of 2 cores, 1 idle");
        assertEquals(1.0, v.unheldWaitShare(), EPS);
        assertEquals("gil-battle", v.diagnosis());
        assertTrue(v.headline().contains("45.0% of acquisitions were the releasing thread taking the lock straight back"), v.headline());
        assertTrue(v.headline().endsWith("On 2 cores, 1.00 threads did work at an average moment and 1.00 cores stood idle"
                + " that the work would have used without the lock."), v.headline());

        // without ticks the agent cannot tell main's join from work: the numbers say so (an upper estimate of
        // parallelism, no core lost) and the verdict claims no battle it cannot show
        Verdict blind = Verdicts.of(lock(wall, 2, 1998, 20_000, 10_000, 400, 19_600, 9_000,
                thread(1, 2, 0, 0, wall), thread(2, 998, 1000, 0, wall), thread(3, 998, 1000, 0, wall)));
        assertEquals(2.0, blind.effectiveParallelism(), EPS);
        assertEquals(0.0, blind.coresLost(), EPS);
        assertEquals(wall * MS, blind.whatIf().predictedNanos(), "main's 2000 ms of 'work' cannot be done sooner");
        assertTrue(blind.whatIf().method().contains("an upper estimate"), blind.whatIf().method());
        assertEquals(List.of("serial"), codes(blind));
        assertFalse(blind.headline().contains("cores stood idle"), blind.headline());
    }

    /** 4 threads doing {@code synchronized (LOCK) { counter++; }}: lots of unfair re-acquires, but the lock is mostly free. */
    @Test
    void aBusyCounterAtSixteenPercentUtilizationIsContentionNotABattle() {
        Verdict v = Verdicts.of(lock(1000, 4, 160, 4_000_000, 3_600_000, 800_000, 3_200_000, 2_400_000,
                thread(1, 40, 700, 0, 1000), thread(2, 40, 700, 0, 1000), thread(3, 40, 700, 0, 1000),
                thread(4, 40, 700, 0, 1000)));
        assertEquals(0.16, v.utilization(), EPS);
        assertEquals(0.6, v.unfairRate(), EPS);
        assertEquals(2.8, v.threadsWaiting(), EPS);
        assertEquals(List.of("contention"), codes(v));
        assertEquals("Contention. 90.0% of acquisitions had to wait; on average 2.80 threads were waiting for the lock at"
                + " any moment, leaving 2.80 cores idle.", v.headline());
    }

    @Test
    void aBattleNeedsEveryOneOfItsConditions() {
        ThreadInput a = thread(1, 475, 475, 0, 1000, 4750, 0);
        ThreadInput b = thread(2, 475, 475, 0, 1000, 4750, 0);
        // the reference: 2 threads, 2 cores, held 95%, 20 of 100 acquisitions unfair, 0.95 threads waiting,
        // 0.95 working; without the lock their 950 ms take 475 ms on both cores, so 1.05 cores lost
        VerdictInput battle = lock(1000, 2, 950, 100, 50, 10, 80, 20, a, b);
        Verdict reference = Verdicts.of(battle);
        assertEquals("gil-battle", reference.diagnosis());
        assertEquals(1.05, reference.coresLost(), EPS);
        // one thread waiting on a busy one: the waits are there, but without the lock the busy thread's 950 ms
        // would still take 950 ms; the lock costs 0.06 cores, not a battle
        Verdict lopsided = Verdicts.of(lock(1000, 2, 950, 100, 50, 10, 80, 20, thread(1, 900, 50, 0, 1000),
                thread(2, 50, 900, 0, 1000)));
        assertEquals(1050.0 / 950 - 1.05, lopsided.coresLost(), 1e-9);
        assertFalse(codes(lopsided).contains("gil-battle"));
        assertFalse(codes(Verdicts.of(lock(1000, 1, 950, 100, 50, 10, 80, 20, a, b))).contains("gil-battle"), "one core");
        assertFalse(codes(Verdicts.of(lock(1000, 2, 950, 100, 50, 10, 80, 9, a, b))).contains("gil-battle"), "9 unfair");
        assertFalse(codes(Verdicts.of(lock(1000, 2, 950, 101, 50, 10, 80, 20, a, b))).contains("gil-battle"), "unfair < 20%");
        // the threads work mostly without the lock (no ticks: every moment outside it counts as work), taking it
        // for a moment now and then: the waits are contention, not a holder that keeps the lock
        Verdict sparse = Verdicts.of(lock(1000, 2, 200, 100, 50, 10, 80, 20, thread(1, 100, 100, 0, 1000),
                thread(2, 100, 100, 0, 1000)));
        assertTrue(sparse.unfairRate() >= 0.2, sparse.toString());
        assertFalse(codes(sparse).contains("gil-battle"), "held work < 50%");
        assertFalse(codes(Verdicts.of(lock(1000, 2, 950, 100, 50, 10, 80, 20, a))).contains("gil-battle"), "one thread");
        // the threads without the lock mostly work: waits are not what they do
        VerdictInput working = lock(1000, 2, 950, 100, 50, 10, 80, 20, thread(1, 500, 100, 0, 1000),
                thread(2, 450, 100, 0, 1000));
        Verdict w = Verdicts.of(working);
        assertTrue(w.unheldWaitShare() < 0.5, String.valueOf(w.unheldWaitShare()));
        assertFalse(codes(w).contains("gil-battle"));
        // waiting costs no core: 4 threads on 2 cores that are busy anyway
        VerdictInput busy = lock(1000, 2, 950, 100, 50, 10, 80, 20, thread(1, 950, 400, 0, 1000, 950, 0),
                thread(2, 0, 400, 0, 1000), thread(3, 0, 400, 0, 1000), thread(4, 0, 400, 0, 1000));
        Verdict bv = Verdicts.of(busy);
        assertTrue(bv.coresLost() < 0.5, String.valueOf(bv.coresLost()));
        assertFalse(codes(bv).contains("gil-battle"));
    }

    @Test
    void aConvoyIsAShortHolderWaitingForALongHolder() {
        ThreadInput cpu = new ThreadInput(1, "cpu", 100, 0, 500 * MS, 0, 0, 1000 * MS, SpanSource.TIMELINE, 0, 0,
                100, 5 * MS, 100, 0);
        ThreadInput io = new ThreadInput(2, "io", 100, 100, 2 * MS, 490 * MS, 0, 1000 * MS, SpanSource.TIMELINE, 0, 0,
                100, 20_000, 100, 4_900_000);
        Verdict v = Verdicts.of(lock(1000, 2, 502, 200, 100, 200, 0, 0, cpu, io));
        assertEquals(List.of("convoy"), codes(v));
        assertEquals(new Verdict.Convoy(2, "io", 20_000, 4_900_000, 1, "cpu", 5 * MS), v.convoy());
        assertEquals("Convoy. io holds the lock 20.0 µs at a time (median) but waits 4.90 ms (median) to get it back,"
                + " about one hold of cpu (5.00 ms median). Its response time is set by the other thread's holds, not by"
                + " its own work.", v.headline());
        // fewer than 10 acquisitions is not a pattern
        ThreadInput few = new ThreadInput(2, "io", 9, 9, 2 * MS, 490 * MS, 0, 1000 * MS, SpanSource.TIMELINE, 0, 0,
                9, 20_000, 9, 4_900_000);
        assertNull(Verdicts.of(lock(1000, 2, 502, 109, 9, 109, 0, 0, cpu, few)).convoy());
        // waits short beside the long holds: the long holder does not set the response time
        ThreadInput quick = new ThreadInput(2, "io", 100, 100, 2 * MS, 10 * MS, 0, 1000 * MS, SpanSource.TIMELINE, 0, 0,
                100, 20_000, 100, 100_000);
        assertNull(Verdicts.of(lock(1000, 2, 502, 200, 100, 200, 0, 0, cpu, quick)).convoy());
        // holds of the same length are no convoy
        ThreadInput same = new ThreadInput(2, "io", 100, 100, 2 * MS, 490 * MS, 0, 1000 * MS, SpanSource.TIMELINE, 0, 0,
                100, 5 * MS, 100, 4_900_000);
        assertNull(Verdicts.of(lock(1000, 2, 502, 200, 100, 200, 0, 0, cpu, same)).convoy());
    }

    @Test
    void serialNeedsTwoThreadsAndEightyPercentOfEachObject() {
        assertEquals(List.of("serial"), codes(Verdicts.of(lock(1000, 8, 850, 100, 10, 90, 9, 0,
                thread(1, 425, 10, 0, 1000), thread(2, 425, 10, 0, 1000)))));
        assertEquals("bad", Verdicts.of(lock(1000, 8, 850, 100, 10, 90, 9, 0, thread(1, 425, 10, 0, 1000),
                thread(2, 425, 10, 0, 1000))).severity(), "serial alone is the headline");
        // one thread holding all the time is a single-threaded program, not a serialized one
        assertEquals(List.of("no-contention"), codes(Verdicts.of(lock(1000, 8, 1000, 100, 0, 0, 99, 0,
                thread(1, 1000, 0, 0, 1000)))));
        // two objects held 90% in all: 45% each
        VerdictInput two = new VerdictInput("monitor=demo.L.lock", true, false, 1000 * MS, 8, 2, 100, 0, 900 * MS, 50,
                49, 0, List.of(thread(1, 450, 0, 0, 1000), thread(2, 450, 0, 0, 1000)));
        assertEquals(List.of("no-contention"), codes(Verdicts.of(two)));
        VerdictInput twoBusy = new VerdictInput("monitor=demo.L.lock", true, false, 1000 * MS, 8, 2, 100, 0, 1700 * MS,
                50, 49, 0, List.of(thread(1, 850, 0, 0, 1000), thread(2, 850, 0, 0, 1000)));
        Verdict v = Verdicts.of(twoBusy);
        assertEquals(List.of("serial"), codes(v));
        assertTrue(v.headline().contains("Each of the lock's 2 objects was held 85.0% of the run on average"), v.headline());
        assertTrue(v.summary().startsWith("The lock's 2 objects were held 170.0% of the 1.00 s run in all by 2 threads"), v.summary());
    }

    @Test
    void noContentionBelowFivePercentOfBoth() {
        Verdict quiet = Verdicts.of(lock(1000, 4, 100, 100, 4, 50, 49, 0, thread(1, 50, 20, 0, 1000),
                thread(2, 50, 29, 0, 1000)));
        assertEquals(0.049, quiet.threadsWaiting(), EPS);
        assertEquals(List.of("no-contention"), codes(quiet));
        assertEquals("good", quiet.severity());
        assertEquals(List.of("contention"), codes(Verdicts.of(lock(1000, 4, 100, 100, 5, 50, 49, 0,
                thread(1, 50, 20, 0, 1000), thread(2, 50, 29, 0, 1000)))), "5% contended");
        assertEquals(List.of("contention"), codes(Verdicts.of(lock(1000, 4, 100, 100, 4, 50, 49, 0,
                thread(1, 50, 20, 0, 1000), thread(2, 50, 30, 0, 1000)))), "0.05 threads waiting");
    }

    @Test
    void aLockNeverAcquiredSaysWhatToCheckAndNothingElse() {
        Verdict v = Verdicts.of(new VerdictInput("monitor=demo.Wrong.LOCK", false, true, 1000 * MS, 4, 1, 0, 0, 0, 0, 0, 0,
                List.of()));
        assertEquals(List.of("never-acquired"), codes(v));
        assertEquals("The designated lock was never acquired. gilprobe watched monitor=demo.Wrong.LOCK but no thread took it."
                + " Check the option: the monitors this program used most are listed below, ready to paste.", v.headline());
        assertEquals("", v.summary());
        assertEquals(0, v.utilization());
        assertEquals(Double.POSITIVE_INFINITY, v.speedupCap());
        assertEquals(0, v.threadCount());
        assertTrue(Verdicts.of(new VerdictInput("monitor=x.Y", false, false, MS, 1, 1, 0, 0, 0, 0, 0, 0, List.of()))
                .headline().endsWith("no other monitor was seen in use either."));
    }

    /** An interval of {@code interval=} inside a long hold: the holder and a waiter, each the whole interval. */
    @Test
    void anIntervalInsideALongHold() {
        ThreadInput holder = new ThreadInput(1, "main", 0, 0, 150 * MS, 0, 0, 150 * MS, SpanSource.INTERVAL, 0, 0, 0, 0, 0, 0);
        ThreadInput waiter = new ThreadInput(2, "waiter", 0, 0, 0, 150 * MS, 0, 150 * MS, SpanSource.INTERVAL, 0, 0, 0, 0, 0, 0);
        Verdict v = Verdicts.of(new VerdictInput("monitor=x.Y", true, false, 150 * MS, 2, 1, 0, 0, 150 * MS, 0, 0, 0,
                List.of(holder, waiter)));
        assertEquals(2, v.threadCount(), "a thread holding or waiting through the interval uses the lock in it");
        assertEquals(1.0, v.utilization(), EPS);
        assertEquals(0.5, v.waitShare(), EPS);
        assertEquals(1.0, v.threadsWaiting(), EPS);
        // the waiter's work comes after the interval: nothing in it says the interval could have been shorter
        assertEquals(0.0, v.coresLost(), EPS);
        assertEquals(1.0, v.whatIf().speedup(), EPS);
        assertEquals("interval", v.spanSource());
        assertEquals(List.of("serial"), codes(v));
    }

    @Test
    void threadsThatDidNotUseTheLockHaveNumbersButDoNotCount() {
        ThreadInput idle = new ThreadInput(9, "ticker", 0, 0, 0, 0, 0, 1000 * MS, SpanSource.RUN, 0, 500, 0, 0, 0, 0);
        Verdict v = Verdicts.of(lock(1000, 4, 500, 10, 0, 0, 9, 0, thread(1, 500, 0, 0, 1000), idle));
        assertEquals(1, v.threadCount());
        assertEquals(2, v.threads().size());
        assertEquals(1.0, v.effectiveParallelism(), EPS, "only the user's 1000 ms of work");
        assertEquals("timeline", v.spanSource(), "the idle thread's span source does not count");
    }

    @Test
    void aSpanShorterThanTheThreadsOwnLockTimeIsThatTime() {
        // the merged row of ended threads: their waits overlap, so they add up to more than the run
        Verdict v = Verdicts.of(lock(1000, 4, 500, 100, 100, 50, 49, 0, thread(-1, 500, 2500, 0, 1000)));
        assertEquals(3000 * MS, v.threads().get(0).spanNanos());
        assertEquals(500 * MS, v.threads().get(0).workNanos());
        assertEquals(2.5, v.threadsWaiting(), EPS);
        assertEquals(0.5, v.coresLost(), EPS, "its 500 ms of work in 500 ms, against 1000");
    }

    /**
     * For any input: the numbers agree with each other (wait share, threads waiting and parallelism are one
     * relation; cores lost is within both bounds), and each diagnosis appears only where its conditions hold.
     */
    @Test
    void theNumbersAgreeAndEveryDiagnosisHoldsOnRandomInputs() {
        SplittableRandom r = new SplittableRandom(7);
        for (int run = 0; run < 5_000; run++) {
            long wall = 1 + r.nextLong(10_000);
            int cores = 1 + r.nextInt(8);
            int n = r.nextInt(6);
            List<ThreadInput> threads = new ArrayList<>();
            long held = 0;
            long acquisitions = 0;
            for (int i = 0; i < n; i++) {
                long h = r.nextInt(4) == 0 ? 0 : r.nextLong(wall + 1);
                long w = r.nextInt(4) == 0 ? 0 : r.nextLong(wall + 1);
                long c = r.nextInt(3) == 0 ? r.nextLong(wall / 2 + 1) : 0;
                long span = r.nextBoolean() ? wall : r.nextLong(wall + 1);
                long acq = h > 0 ? 1 + r.nextLong(1000) : r.nextInt(2);
                long ticksHeld = r.nextBoolean() ? r.nextLong(10_000) : 0;
                threads.add(new ThreadInput(i, "t" + i, acq, acq == 0 ? 0 : r.nextLong(acq + 1), h, w, c, span,
                        SpanSource.values()[r.nextInt(3)], ticksHeld, r.nextLong(10_000), acq, r.nextLong(10_000),
                        acq, r.nextLong(10_000)));
                held += h;
                acquisitions += acq;
            }
            long self = acquisitions == 0 ? 0 : r.nextLong(acquisitions + 1);
            long unfair = self == 0 ? 0 : r.nextLong(self + 1);
            VerdictInput in = new VerdictInput("monitor=x.Y", r.nextInt(10) > 0, false, wall, cores, 1, acquisitions,
                    acquisitions == 0 ? 0 : r.nextLong(acquisitions + 1), Math.min(held, wall), acquisitions - self, self,
                    unfair, threads);
            Verdict v = Verdicts.of(in);
            int index = run;
            java.util.function.Supplier<String> at = () -> "input " + index + ": " + in + " -> " + v;
            assertTrue(v.effectiveParallelism() >= 0 && v.effectiveParallelism() <= cores, at);
            assertTrue(v.coresLost() >= 0, at);
            assertTrue(v.effectiveParallelism() + v.coresLost() <= cores + 1e-9, at);
            // the what-if: never slower than the run, never faster than the busiest thread's work or the work
            // shared by the cores allow, and the same account as the lost cores
            WhatIf w = v.whatIf();
            assertTrue(w.predictedNanos() <= wall && w.speedup() >= 1 - EPS, at);
            long sumWork = 0;
            long longest = 0;
            for (Verdict.ThreadNumbers t : v.threads()) {
                if (isUser(in, t.id())) {
                    sumWork += t.workNanos();
                    longest = Math.max(longest, t.workNanos());
                }
            }
            assertTrue(w.predictedNanos() + 1 >= Math.min(wall, Math.max(longest, (double) sumWork / cores)), at);
            assertEquals((double) wall / Math.max(1, w.predictedNanos()), w.speedup(), 0.5 / Math.max(1, w.predictedNanos()) * w.speedup() + 1e-9, at);
            if (sumWork <= (double) cores * w.predictedNanos() && sumWork <= (double) cores * wall) {
                double exactPredicted = wall / w.speedup();
                assertEquals(sumWork, (v.effectiveParallelism() + v.coresLost()) * exactPredicted, 1e-6 * Math.max(1, sumWork), at);
            }
            for (double share : new double[] {v.waitShare(), v.unheldWaitShare(), v.contendedShare(), v.unfairRate()}) {
                assertTrue(share >= 0 && share <= 1 + EPS, at);
            }
            double work = v.threads().stream().filter(t -> isUser(in, t.id())).mapToLong(Verdict.ThreadNumbers::workNanos).sum() / (double) wall;
            if (v.threadsWaiting() + work > 0) {
                assertEquals(v.threadsWaiting() / (work + v.threadsWaiting()), v.waitShare(), 1e-9, at);
            }
            assertFalse(v.diagnoses().isEmpty(), at);
            assertEquals(v.diagnoses().get(0).code(), v.diagnosis(), at);
            for (Verdict.Diagnosis d : v.diagnoses()) {
                switch (d.code()) {
                    case "never-acquired" -> assertTrue(!in.acquired() && v.diagnoses().size() == 1, at);
                    case "gil-battle" -> assertTrue(in.acquired() && v.threadCount() >= 2 && cores >= 2
                            && heldWork(in) >= 0.5 * work * wall && in.unfairSelfReacquire() >= 10 && v.unfairRate() >= 0.2
                            && v.unheldWaitShare() >= 0.5 && v.coresLost() >= 0.5, at);
                    case "convoy" -> assertTrue(v.convoy() != null, at);
                    case "serial" -> assertTrue(v.threadCount() >= 2 && v.utilization() >= 0.8, at);
                    case "no-contention" -> assertTrue(v.diagnoses().size() == 1 && v.contendedShare() < 0.05
                            && v.threadsWaiting() < 0.05, at);
                    case "contention" -> assertTrue(v.diagnoses().size() == 1
                            && (v.contendedShare() >= 0.05 || v.threadsWaiting() >= 0.05), at);
                    default -> throw new AssertionError("unknown diagnosis " + d.code());
                }
            }
        }
    }

    /** Σ hold time of the users. */
    private static long heldWork(VerdictInput in) {
        long sum = 0;
        for (ThreadInput t : in.threads()) {
            sum += t.heldNanos();
        }
        return sum;
    }

    private static boolean isUser(VerdictInput in, long id) {
        for (ThreadInput t : in.threads()) {
            if (t.id() == id) {
                return t.acquisitions() > 0 || t.heldNanos() > 0 || t.waitNanos() > 0;
            }
        }
        return false;
    }

    /** A user with a known span start: ticks under the lock and none outside (an interpreter's worker). */
    private static ThreadInput worker(long id, long heldMs, long waitMs, long spanMs, long startMs) {
        return new ThreadInput(id, "w" + id, 10, 4, heldMs * MS, waitMs * MS, 0, spanMs * MS, SpanSource.TIMELINE,
                heldMs * 10, 0, 10, 1_000, 10, 2_000, startMs * MS);
    }

    /**
     * A main thread that holds the lock alone for 5 s while the program starts, then two workers that take
     * turns for 10 s, each holding 5 s of it: without the lock the start-up still takes 5 s (only main was
     * there to do it) and the workers' 5 s each run side by side: 10 s. Scheduled all at once, the 15 s of
     * work on 2 cores would read 7.5 s, spreading main's start-up over a core it never had.
     */
    @Test
    void theWhatIfSchedulesWorkPhaseByPhaseWhenTheBucketsTellThePhases() {
        List<ThreadInput> threads = List.of(worker(0, 5000, 0, 5000, 0), worker(1, 5000, 5000, 10000, 5000),
                worker(2, 5000, 5000, 10000, 5000));
        VerdictInput whole = new VerdictInput("monitor=demo.L", true, false, 15000 * MS, 2, 1, 100, 50, 15000 * MS, 50,
                50, 20, threads);
        assertEquals(7500 * MS, Verdicts.of(whole).whatIf().predictedNanos(), "without phases: all the work at once");

        int n = 15;
        java.util.Map<Long, long[]> held = new java.util.HashMap<>();
        java.util.Map<Long, long[]> waiting = new java.util.HashMap<>();
        java.util.Map<Long, long[]> cwait = new java.util.HashMap<>();
        for (long id = 0; id < 3; id++) {
            long[] h = new long[n];
            long[] w = new long[n];
            for (int k = 0; k < n; k++) {
                if (id == 0 && k < 5) {
                    h[k] = 1000 * MS;
                } else if (id > 0 && k >= 5) {
                    // the workers hand the lock over once a bucket: each holds every other bucket and waits
                    // through the others (a GIL switched every few milliseconds, coarser than the buckets)
                    boolean mine = (k + id) % 2 == 0;
                    h[k] = mine ? 1000 * MS : 0;
                    w[k] = mine ? 0 : 1000 * MS;
                }
            }
            held.put(id, h);
            waiting.put(id, w);
            cwait.put(id, new long[n]);
        }
        VerdictInput phased = new VerdictInput("monitor=demo.L", true, false, 15000 * MS, 2, 1, 100, 50, 15000 * MS, 50,
                50, 20, threads, new VerdictInput.Phases(1000 * MS, held, waiting, cwait));
        Verdict v = Verdicts.of(phased);
        assertEquals(10000 * MS, v.whatIf().predictedNanos(), "5 s of start-up alone, then 5 s with both workers side by side");
        assertEquals(1.5, v.whatIf().speedup(), EPS);
        assertTrue(v.whatIf().method().contains("scheduled phase by phase: in each of the 2 phases that begin where a thread first used the lock"
                + " (its work there from the timeline's buckets of 1.00 s)"),
                v.whatIf().method());
        // one account: 15 s of work in 10 s keeps 1.5 cores busy, against 1 with the lock
        assertEquals(1.0, v.effectiveParallelism(), EPS);
        assertEquals(0.5, v.coresLost(), EPS);
        // a user without buckets (beyond timelineThreads): back to the rule for the whole stretch
        java.util.Map<Long, long[]> partial = new java.util.HashMap<>(held);
        partial.remove(2L);
        VerdictInput missing = new VerdictInput("monitor=demo.L", true, false, 15000 * MS, 2, 1, 100, 50, 15000 * MS, 50,
                50, 20, threads, new VerdictInput.Phases(1000 * MS, partial, waiting, cwait));
        assertEquals(7500 * MS, Verdicts.of(missing).whatIf().predictedNanos());
    }

    @Test
    void whatIfOfKnownInputs() {
        // 2 workers fighting over 2000 ms (from 100 ms to 2100 ms of a 2500 ms run), 1000 ms of work each
        VerdictInput two = lock(2500, 2, 2000, 100, 50, 50, 50, 20, worker(1, 1000, 900, 2000, 100),
                worker(2, 1000, 900, 2000, 100));
        WhatIf w = Verdicts.of(two).whatIf();
        assertEquals(1500 * MS, w.predictedNanos(), "500 ms outside the lock's period + 1000 ms of work on each core");
        assertEquals(2500.0 / 1500, w.speedup(), EPS);
        assertTrue(w.method().contains("The work of the 2 threads, 2.00 s in all and 1.00 s for the busiest, takes at least"
                + " 1.00 s on 2 cores"), w.method());
        assertTrue(w.method().contains("the 500 ms of the run before the first and after the last use of the lock stay as"
                + " they were"), w.method());
        assertTrue(Verdicts.of(two).summary().contains("Without this lock: about 1.50 s (1.67× faster)"));
        // on one core the same work takes as long as it did: the lock cost nothing measurable
        Verdict one = Verdicts.of(lock(2500, 1, 2000, 100, 50, 50, 50, 20, worker(1, 1000, 900, 2000, 100),
                worker(2, 1000, 900, 2000, 100)));
        assertEquals(2500 * MS, one.whatIf().predictedNanos());
        assertEquals(1.0, one.whatIf().speedup(), EPS);
        assertEquals(0.0, one.coresLost(), EPS);
        // 3 unequal threads on 4 cores: the busiest thread sets the time
        WhatIf uneven = Verdicts.of(lock(1000, 4, 900, 100, 50, 50, 50, 20, worker(1, 500, 400, 1000, 0),
                worker(2, 200, 700, 1000, 0), worker(3, 200, 700, 1000, 0))).whatIf();
        assertEquals(500 * MS, uneven.predictedNanos());
        // 6 equal threads on 2 cores: the cores set it
        List<ThreadInput> six = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            six.add(worker(i, 150, 800, 1000, 0));
        }
        VerdictInput sixIn = new VerdictInput("monitor=demo.L", true, false, 1000 * MS, 2, 1, 60, 50, 900 * MS, 50, 10,
                5, six);
        assertEquals(450 * MS, Verdicts.of(sixIn).whatIf().predictedNanos(), "900 ms of work shared by 2 cores");
        // a start unknown (the timeline dropped events): the whole run is the lock's period, start-up left out
        WhatIf blind = Verdicts.of(lock(2500, 2, 2000, 100, 50, 50, 50, 20, worker(1, 1000, 900, 2000, 100),
                thread(2, 1000, 900, 0, 2500, 10_000, 0))).whatIf();
        assertEquals(1000 * MS, blind.predictedNanos());
        assertTrue(blind.method().contains("the whole run counts as their period"), blind.method());
        // more work than the run had time for (the merged row of ended threads, an upper estimate): no gain claimed
        Verdict over = Verdicts.of(lock(1000, 1, 500, 10, 0, 0, 0, 0, thread(1, 500, 0, 0, 1000),
                thread(2, 0, 100, 0, 1000)));
        assertEquals(1000 * MS, over.whatIf().predictedNanos());
        assertTrue(over.whatIf().method().endsWith("the lock cost nothing measurable."), over.whatIf().method());
        // never acquired: nothing to gain
        Verdict never = Verdicts.of(new VerdictInput("monitor=x.Y", false, false, 1000 * MS, 2, 1, 0, 0, 0, 0, 0, 0,
                List.of()));
        assertEquals(new WhatIf(1000 * MS, 1.0, "The lock was never acquired: it cost nothing, and the run stays as it was."),
                never.whatIf());
    }

    /**
     * minipy's new GIL, 2 threads of 180M ticks each (a real run's numbers): the same bytecode, held 1.50 s by
     * one thread and 1.18 s by the other. The held work is each thread's ticks at the fastest well-sampled
     * speed, so the slower thread's extra 0.32 s (contention, preemption) is not work the run would still do
     * without the lock; main's 181 start-up ticks (slow: the interpreter is cold) set no speed.
     */
    @Test
    void heldWorkIsTheTicksAtTheFastestWellSampledSpeed() {
        ThreadInput main = new ThreadInput(1, "main", 3, 0, 150 * MS, 0, 0, 2_700 * MS, SpanSource.TIMELINE, 181, 0, 3,
                MS, 0, 0, 20 * MS);
        ThreadInput slow = new ThreadInput(2, "Thread-1", 222, 220, 1_500 * MS, 1_103 * MS, 0, 2_603 * MS,
                SpanSource.TIMELINE, 180_000_000, 0, 222, 5 * MS, 220, 5 * MS, 60 * MS);
        ThreadInput fast = new ThreadInput(3, "Thread-2", 221, 220, 1_177 * MS, 1_131 * MS, 0, 2_308 * MS,
                SpanSource.TIMELINE, 180_000_000, 0, 221, 5 * MS, 220, 5 * MS, 70 * MS);
        Verdict v = Verdicts.of(lock(2_828, 2, 2_827, 446, 440, 440, 0, 0, main, slow, fast));
        assertEquals(150 * MS, v.threads().get(0).workNanos(), "main's own speed: nothing faster to compare with");
        assertEquals(1_177 * MS, v.threads().get(1).workNanos(), "180M ticks at Thread-2's 6.54 ns");
        assertEquals(1_177 * MS, v.threads().get(2).workNanos());
        // without the lock: the 128 ms before main's first and after its last use of the lock as they were, and
        // the 2.50 s of work (main's 0.15 s, 1.18 s each) shared by 2 cores
        assertEquals((2_828 - 2_700 + 1_252) * MS, v.whatIf().predictedNanos());
        // one thread alone has nothing to be compared with
        Verdict alone = Verdicts.of(lock(2_828, 2, 1_500, 222, 0, 0, 221, 0, slow));
        assertEquals(1_500 * MS, alone.threads().get(0).workNanos());
    }

    /**
     * The account of the demo's old-GIL runs, as a user measures them (numbers of the article's 2-core demo): the
     * sequential run, 0.3 s of start-up and 4.7 s of countdown holding the lock, against the same work in 2
     * threads that took 9.9 s, each worker holding 2.35 s, waiting 2.5 s and spending the rest handing the lock
     * over (no ticks outside the holds). The verdict's work is the sequential run's, its prediction half of it
     * plus the start-up, and the lost cores are the same account: work = P × T = (P + lost) × predicted.
     */
    @Test
    void theLostTimeAccountMatchesTheMeasuredSequentialAndThreadedRuns() {
        Verdict seq = Verdicts.of(lock(5_000, 2, 4_700, 470_000, 0, 0, 469_999, 0,
                worker(1, 4_700, 0, 4_700, 300)));
        assertEquals(4_700 * MS, seq.threads().get(0).workNanos());
        assertEquals(5_000 * MS, seq.whatIf().predictedNanos(), "one thread: nothing to gain");
        assertEquals(0.0, seq.coresLost(), EPS);
        assertEquals(List.of("no-contention"), codes(seq));

        ThreadInput main = worker(1, 40, 0, 9_560, 300);
        ThreadInput w1 = worker(2, 2_330, 2_500, 9_500, 320);
        ThreadInput w2 = worker(3, 2_330, 2_500, 9_500, 320);
        Verdict thr = Verdicts.of(lock(9_900, 2, 4_700, 940_000, 470_000, 1_000, 939_000, 400_000, main, w1, w2));
        long work = thr.threads().stream().mapToLong(Verdict.ThreadNumbers::workNanos).sum();
        assertEquals(seq.threads().get(0).workNanos(), work, "the threads' work is the sequential run's work");
        assertEquals(4_700.0 / 9_900, thr.effectiveParallelism(), EPS, "threaded / sequential = 1 / P");
        // without the lock: 0.3 s start-up + the busiest worker's 2.33 s (2.35 s for both on 2 cores) + 0.04 s after
        assertEquals((300 + 2_350 + 40) * MS, thr.whatIf().predictedNanos());
        assertEquals(9_900.0 / 2_690, thr.whatIf().speedup(), EPS);
        assertEquals(work, (thr.effectiveParallelism() + thr.coresLost()) * 2_690 * MS, 1);
        // the lock was free half of the run (handed over), but the threads did all their work holding it, took
        // it straight back 43% of the time while the other waited, and lost 1.27 cores: the battle
        assertEquals(List.of("gil-battle"), codes(thr));
        assertTrue(thr.summary().contains("Their work adds up to 4.70 s (one core's time for all of it); at an average moment"
                + " 0.47 threads did it, and 1.27 cores stood idle that it would have used without the lock. Without this"
                + " lock: about 2.69 s (3.68× faster)"), thr.summary());
    }

    @Test
    void wordsFormatLikeThePage() {
        assertEquals("1.00", Words.fixed(1.005, 2), "1.005 is 1.00499... as a double, as JavaScript's toFixed sees it");
        assertEquals("0.13", Words.fixed(0.125, 2), "an exact half rounds up");
        assertEquals("850 ns", Words.ns(850));
        assertEquals("12.3 µs", Words.ns(12_345));
        assertEquals("4.56 ms", Words.ns(4_560_000));
        assertEquals("7.80 s", Words.ns(7_800_000_000L));
        assertEquals("2 min 03 s", Words.ns(123_000_000_000L));
        assertEquals("0%", Words.percent(0));
        assertEquals("<0.1%", Words.percent(0.0004));
        assertEquals("66.7%", Words.percent(2.0 / 3));
        assertEquals("∞", Words.times(Double.POSITIVE_INFINITY));
        assertEquals("1.07×", Words.times(1.0 / 0.935));
        assertEquals("1,234", Words.number(1234.4));
        assertEquals("0.33", Words.sig3(1.0 / 3));
        assertEquals("1 thread", Words.plural(1, "thread"));
        assertEquals("2 threads", Words.plural(2, "thread"));
    }
}
