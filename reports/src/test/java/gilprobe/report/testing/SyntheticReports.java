package gilprobe.report.testing;

import java.util.List;
import java.util.SplittableRandom;

import gilprobe.report.model.DispatchLoop;
import gilprobe.report.model.LockReport;
import gilprobe.report.model.Report;
import gilprobe.report.model.Run;
import gilprobe.report.model.Timeline;

/**
 * Reports for tests, derived from {@link LockHistory} so that their numbers agree with each other.
 * Each method is deterministic (fixed random seeds).
 */
public final class SyntheticReports {
    /** A thread name that tries to break out of an HTML script block and run code. */
    public static final String HOSTILE_NAME = "</script><img src=x onerror=alert(1)>";

    private static final String SPEC = "monitor=demo.Interp.GIL";

    private SyntheticReports() {
    }

    /**
     * A multi-core "GIL battle": {@code threads} CPU-bound threads, the holder re-acquiring at once
     * most of the time while the others wait; about {@code intervals} timeline intervals in all.
     * The second thread carries {@link #HOSTILE_NAME}.
     */
    public static Report gilBattle(int threads, int intervals) {
        SplittableRandom random = new SplittableRandom(42);
        LockHistory h = new LockHistory();
        for (int i = 0; i < threads; i++) {
            h.thread(i + 1, i == 1 ? HOSTILE_NAME : "worker-" + i);
        }
        long now = 1_000;
        long[] waitingSince = new long[threads];
        java.util.Arrays.fill(waitingSince, now);
        int holder = 0;
        waitingSince[holder] = -1;
        int count = 0;
        while (count < intervals) {
            // The first hold of a thread after a wait: close that wait where the hold starts.
            if (waitingSince[holder] >= 0) {
                h.await(holder + 1, waitingSince[holder], now);
                waitingSince[holder] = -1;
                count++;
            }
            long hold = 2_000 + random.nextLong(18_000);
            h.hold(holder + 1, now, now + hold);
            h.ticks(holder + 1, hold / 10, 0);
            count++;
            now += hold + 50;
            if (random.nextInt(100) >= 90) {
                int next = (holder + 1 + random.nextInt(threads - 1)) % threads;
                waitingSince[holder] = now;
                holder = next;
                now += 200;
            }
        }
        for (int i = 0; i < threads; i++) {
            if (waitingSince[i] >= 0) {
                h.await(i + 1, waitingSince[i], now);
            }
        }
        return report(h, now + 1_000, 4, threads, "gilbattle");
    }

    /**
     * A convoy: a CPU-bound thread holding 5 ms at a time, beside an I/O thread that holds 20 µs,
     * does 100 µs of I/O without the lock, then waits for the CPU thread's whole hold.
     */
    public static Report convoy(int rounds) {
        LockHistory h = new LockHistory().thread(1, "cpu").thread(2, "io");
        long now = 0;
        for (int i = 0; i < rounds; i++) {
            h.hold(1, now, now + 5_000_000);
            long ioRequest = now + 100_000;
            h.await(2, ioRequest, now + 5_000_000 + 100);
            long ioStart = now + 5_000_000 + 100;
            h.hold(2, ioStart, ioStart + 20_000);
            now = ioStart + 20_000 + 100;
            h.await(1, ioStart - 100, now);
        }
        return report(h, now, 2, 2, "convoy");
    }

    /** A lock used by two threads taking turns with no overlap. */
    public static Report noContention() {
        LockHistory h = new LockHistory().thread(1, "main").thread(2, "helper");
        long now = 0;
        for (int i = 0; i < 200; i++) {
            h.hold(1 + (i % 2), now, now + 10_000);
            now += 1_000_000;
        }
        return report(h, now, 8, 2, "quiet");
    }

    /** A designated lock that was never acquired, with suggestions of monitors that were used. */
    public static Report neverAcquired() {
        LockHistory h = new LockHistory().thread(1, "main");
        LockReport used = h.lockReport("monitor=demo.Wrong.LOCK", 2_000_000_000L);
        LockReport lock = new LockReport(used.spec(), used.kind(), 0, 0, 0, 0, 0, 0, used.handoffs(),
                used.holdTimes(), used.waitTimes(), List.of(), 0, used.ticksPerHold(), false,
                List.of(new LockReport.Suggestion("monitor=demo.Interp.GIL", "demo.Interp.run(Interp.java:42)", 123_456),
                        new LockReport.Suggestion("monitor=java.util.Vector", "demo.Io.read(Io.java:7)", 99)),
                0);
        return new Report(Report.FORMAT, run(2_000_000_000L, 4, "monitor=demo.Wrong.LOCK"), List.of(lock), List.of(),
                null, List.of("designated lock monitor=demo.Wrong.LOCK was never acquired"));
    }

    /**
     * Every field populated: 3 threads (one hostile name, one with condition waits, one finished),
     * a timeline, dispatch loops with opcode counts, suggestions and notes.
     */
    public static Report full() {
        LockHistory h = new LockHistory().thread(11, "main").thread(12, HOSTILE_NAME).thread(13, "consumer \u2028 ü");
        long now = 0;
        for (int i = 0; i < 50; i++) {
            h.hold(11, now, now + 30_000);
            h.await(12, now + 1_000, now + 30_000);
            h.hold(12, now + 30_000, now + 45_000);
            h.conditionWait(13, now + 2_000, now + 44_000);
            h.await(13, now + 44_000, now + 45_000);
            h.hold(13, now + 45_000, now + 47_000);
            now += 50_000;
        }
        h.ticks(11, 5_000, 300).ticks(12, 1_200, 40).ended(13);
        LockReport base = h.lockReport(SPEC, now);
        LockReport lock = new LockReport(base.spec(), base.kind(), base.acquisitions(), base.contendedAcquisitions(),
                base.heldNanos(), base.waitNanos(), base.conditionWaitNanos(), base.utilization(), base.handoffs(),
                base.holdTimes(), base.waitTimes(), base.threads(), base.conditionWaits(), base.ticksPerHold(), true,
                List.of(new LockReport.Suggestion("monitor=demo.Other", "demo.Other.f(Other.java:3)", 7)), 2);
        DispatchLoop loop = new DispatchLoop("demo.Interp", "run", "(Ldemo/Code;)V", 12, 6_540,
                List.of(new DispatchLoop.LoopThread("main", 11, 5_300), new DispatchLoop.LoopThread(HOSTILE_NAME, 12, 1_240)),
                List.of(new DispatchLoop.OpcodeCount(1, false, 6_000), new DispatchLoop.OpcodeCount(0, true, 540)));
        Timeline full = h.timeline(123_456_789L);
        Timeline timeline = new Timeline(full.runStartNanos(), 5_000, 10_000, 17, full.lanes(),
                h.buckets(full.runStartNanos(), 4_096, (int) ((now + 4_095) / 4_096)));
        return new Report(Report.FORMAT, new Run(1_700_000_000_000L, now, 2, "17.0.9", 4242, SPEC + ",out=x",
                "demo.Main --fast", "OpenJDK 64-Bit Server VM"), List.of(lock), List.of(loop), timeline,
                List.of("note one", "a <b>note</b> & more"));
    }

    /** Start of the battle of {@link #startupThenBattle}, ns from run start. */
    public static final long BATTLE_START = 5_800_000_000L;
    /** End of that battle. */
    public static final long BATTLE_END = 7_600_000_000L;
    /** The run's duration. */
    public static final long LONG_RUN = 10_500_000_000L;
    /** The bucket width of {@link #startupThenBattle}: 2^22 ns, as the agent's would be for a 10.5 s run. */
    public static final long LONG_RUN_BUCKET = 1L << 22;

    /**
     * A 10.5 s run on 2 cores shaped like a Python runtime's: {@code main} holds the lock alone while it
     * starts (5 ms holds, 10 µs apart) until {@link #BATTLE_START}; then two workers fight until
     * {@link #BATTLE_END}, holding 100 µs each in turn while the other waits; then {@code main} holds 1 ms
     * every 29 ms. The timeline keeps each thread's last {@code keep} intervals (so the workers' lanes lose
     * most of theirs) beside the whole-run buckets.
     */
    public static LockHistory startupThenBattleHistory() {
        LockHistory h = new LockHistory().thread(1, "main").thread(2, "worker-1").thread(3, "worker-2");
        long now = 1_000_000;
        while (now + 5_000_000 <= BATTLE_START) {
            h.hold(1, now, now + 5_000_000);
            now += 5_010_000;
        }
        long t = BATTLE_START;
        h.await(3, t, t + 100_000);
        while (t + 200_000 <= BATTLE_END) {
            h.hold(2, t, t + 100_000);
            h.await(2, t + 100_000, t + 200_000);
            h.hold(3, t + 100_000, t + 200_000);
            if (t + 400_000 <= BATTLE_END) {
                h.await(3, t + 200_000, t + 300_000);
            }
            t += 200_000;
        }
        now = BATTLE_END + 1_000_000;
        while (now + 1_000_000 <= LONG_RUN) {
            h.hold(1, now, now + 1_000_000);
            now += 29_000_000;
        }
        return h;
    }

    /** {@link #startupThenBattleHistory} as the agent would report it, keeping {@code keep} intervals per thread. */
    public static Report startupThenBattle(int keep) {
        LockHistory h = startupThenBattleHistory();
        int buckets = (int) ((LONG_RUN + LONG_RUN_BUCKET - 1) / LONG_RUN_BUCKET);
        Timeline timeline = h.timelineKeeping(987_654_321L, keep, LONG_RUN_BUCKET, buckets);
        return new Report(Report.FORMAT, run(LONG_RUN, 2, SPEC + ",out=startup"), List.of(h.lockReport(SPEC, LONG_RUN)),
                List.of(), timeline, List.of());
    }

    private static Report report(LockHistory h, long duration, int cores, int threads, String name) {
        return new Report(Report.FORMAT, run(duration, cores, SPEC + ",out=" + name), List.of(h.lockReport(SPEC, duration)),
                List.of(new DispatchLoop("demo.Interp", "run", "()V", 20, 1_000_000,
                        List.of(new DispatchLoop.LoopThread("worker-0", 1, 1_000_000)), List.of())),
                h.timeline(0), List.of());
    }

    private static Run run(long duration, int cores, String options) {
        return new Run(1_700_000_000_000L, duration, cores, "17.0.9", 4242, options, "demo.Main", "OpenJDK 64-Bit Server VM");
    }
}
