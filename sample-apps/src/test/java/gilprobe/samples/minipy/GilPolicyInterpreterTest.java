package gilprobe.samples.minipy;

import gilprobe.samples.minipy.gil.AbstractGil;
import gilprobe.samples.minipy.gil.GilObserver;
import gilprobe.samples.minipy.gil.GilPolicy;
import gilprobe.samples.minipy.gil.NewGil;
import gilprobe.samples.minipy.gil.OldGil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each GIL policy keeps its promise while the interpreter runs real threads. */
@Timeout(60)
class GilPolicyInterpreterTest {

    private static final String TWO_COUNTDOWNS = """
            import threading
            def countdown(n):
                while n > 0:
                    n -= 1
            t1 = threading.Thread(target=countdown, args=(%d,))
            t2 = threading.Thread(target=countdown, args=(%d,))
            t1.start()
            t2.start()
            t1.join()
            t2.join()
            """;

    /** One hold: who, how long, how many instructions it ran. */
    record Hold(String thread, long nanos, long instructions) {}

    /** Records holds; its calls are serialised by the GIL, so plain fields suffice. */
    static final class HoldRecorder implements GilObserver {
        final List<Hold> holds = new ArrayList<>();
        private long since;
        private long instructionsAtAcquire;

        @Override
        public void acquired(Thread thread) {
            since = System.nanoTime();
            instructionsAtAcquire = ((PyThread) thread).instructions;
        }

        @Override
        public void releasing(Thread thread) {
            holds.add(new Hold(thread.getName(), System.nanoTime() - since,
                    ((PyThread) thread).instructions - instructionsAtAcquire));
        }

        Map<String, List<Hold>> byThread() {
            Map<String, List<Hold>> m = new HashMap<>();
            for (Hold h : holds) m.computeIfAbsent(h.thread(), k -> new ArrayList<>()).add(h);
            return m;
        }
    }

    private static MinipyRunner.Result run(Options options, AbstractGil gil, HoldRecorder recorder, String source) {
        gil.setObserver(recorder);
        MinipyRunner.Result r = MinipyRunner.run(options, gil, source);
        assertEquals(0, r.status(), r.err());
        return r;
    }

    @Test
    void oldGilReleasesEveryCheckIntervalExactly() {
        for (int interval : new int[] {100, 37}) {
            HoldRecorder recorder = new HoldRecorder();
            Options options = MinipyRunner.options(GilPolicy.OLD).withCountInstructions(true).withCheckInterval(interval);
            run(options, new OldGil(interval), recorder, TWO_COUNTDOWNS.formatted(300_000, 200_000));

            Map<String, List<Hold>> holds = recorder.byThread();
            for (String worker : List.of("Thread-1", "Thread-2")) {
                List<Hold> h = holds.get(worker);
                assertTrue(h.size() > 1000, worker + " holds: " + h.size());
                for (int i = 0; i < h.size() - 1; i++) {
                    assertEquals(interval, h.get(i).instructions(), worker + " hold #" + i);
                }
                long last = h.get(h.size() - 1).instructions();
                assertTrue(last >= 1 && last <= interval, "last hold " + last);
            }
            for (Hold h : holds.get("MainThread")) {
                assertTrue(h.instructions() <= interval, "main hold " + h);
            }
        }
    }

    @Test
    void newGilNeverKeepsTheGilMuchLongerThanTheIntervalWhileAnotherWaits() {
        long interval = 10_000_000;
        Options options = MinipyRunner.options(GilPolicy.NEW).withSwitchIntervalNanos(interval);
        // compile the dispatch loop first: JIT compiler threads competing for the CPUs delay
        // the waiter's wake-up, which is noise here
        MinipyRunner.run(options, TWO_COUNTDOWNS.formatted(3_000_000, 3_000_000));

        HoldRecorder recorder = new HoldRecorder();
        run(options, new NewGil(interval), recorder, TWO_COUNTDOWNS.formatted(12_000_000, 12_000_000));

        // While both workers run, each one's holds (except its first and last, at the edges of
        // the contended phase) end because the other asked for the GIL.
        Map<String, List<Hold>> holds = recorder.byThread();
        List<Long> contended = new ArrayList<>();
        for (String worker : List.of("Thread-1", "Thread-2")) {
            List<Hold> h = holds.get(worker);
            for (int i = 1; i < h.size() - 1; i++) contended.add(h.get(i).nanos());
        }
        assertTrue(contended.size() >= 40, "too few contended holds to judge: " + contended.size());
        contended.sort(null);
        long median = contended.get(contended.size() / 2);
        long tooLong = contended.stream().filter(n -> n >= 4 * interval).count();
        String summary = "median " + median / 1000 + " us, max " + contended.get(contended.size() - 1) / 1000
                + " us, " + tooLong + " of " + contended.size() + " holds >= 4 intervals";
        System.out.println("new GIL contended holds: " + summary);
        // a holder drops the GIL only when asked, and is asked after one interval
        assertTrue(median >= interval && median < 3 * interval, summary);
        // The wall-clock hold includes the time the OS takes to run the waiter after its timed
        // wait expires, which on a loaded machine is occasionally long (tens of ms were seen on a
        // busy 2-core VM), so the bound is on most holds rather than on the worst one. A clean-clone CI
        // run on this 2-core VM once saw 15 of 194 holds at 4+ intervals (median 1.6 intervals) while
        // the same test on the quiet machine saw 0 of 219-330: the bound is a fifth of the holds.
        assertTrue(tooLong <= contended.size() / 5, summary);
    }

    /**
     * Two threads hand a token back and forth through a global, each spinning until it is its
     * turn. A hand-over needs both threads running: at the same time on two cores (without a
     * GIL), or one after the other when the spinner gives up the CPU or the GIL (a switch
     * interval of 5 ms for the new GIL, a scheduler time slice on one core).
     */
    private static final String PING_PONG = """
            import threading
            turn = 0
            def player(me, other, rounds):
                global turn
                i = 0
                while i < rounds:
                    while turn != me:
                        pass
                    turn = other
                    i += 1
            R = %d
            a = threading.Thread(target=player, args=(0, 1, R))
            b = threading.Thread(target=player, args=(1, 0, R))
            a.start()
            b.start()
            a.join()
            b.join()
            print(turn)
            """;

    private static long pingPongNanos(GilPolicy policy, int rounds) {
        long start = System.nanoTime();
        MinipyRunner.Result r = MinipyRunner.run(MinipyRunner.options(policy), PING_PONG.formatted(rounds));
        long elapsed = System.nanoTime() - start;
        assertEquals(0, r.status(), r.err());
        assertEquals("0\n", r.out());
        return elapsed;
    }

    @Test
    void noGilRunsThreadsInParallel() {
        // with the new GIL every hand-over waits for a switch interval: 2 per round
        long withGil = pingPongNanos(GilPolicy.NEW, 20);
        assertTrue(withGil >= 40 * 5_000_000L, "20 rounds with the new GIL took only " + withGil / 1000 + " us");
        // Without a GIL, 2,000 rounds (at least 20 s with the GIL; about 12 s on one core, with a
        // scheduler time slice of ~3 ms per hand-over) take milliseconds when the two threads
        // really run at the same time.
        long withoutGil = pingPongNanos(GilPolicy.NONE, 2_000);
        assertTrue(withoutGil < 5_000_000_000L, "2,000 rounds without a GIL took " + withoutGil / 1_000_000 + " ms");
    }

    @Test
    void noGilStaysCorrect() {
        MinipyRunner.Result r = MinipyRunner.run(MinipyRunner.options(GilPolicy.NONE), """
                import threading
                shared = []
                totals = []
                def work(k):
                    total = 0
                    i = 0
                    while i < k:
                        total += i
                        shared.append(i)
                        i += 1
                    totals.append(total)
                K = 300000
                threads = [threading.Thread(target=work, args=(K,)), threading.Thread(target=work, args=(K,))]
                threads[0].start()
                threads[1].start()
                threads[0].join()
                threads[1].join()
                print(len(shared), totals[0] == K * (K - 1) // 2, totals[1] == totals[0])
                """);
        assertEquals(0, r.status(), r.err());
        assertEquals("600000 True True\n", r.out());
    }
}
