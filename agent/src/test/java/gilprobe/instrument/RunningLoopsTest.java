package gilprobe.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

/**
 * {@link RunningLoops} on real threads: one spins in a method with a loop, one waits in a method without
 * one; only the first makes its class wait, and the thread's name is shown on one line.
 */
class RunningLoopsTest {
    static final class Spinner {
        static volatile boolean stop;
        static volatile boolean started;

        static void spin() {
            while (!stop) {
                started = true;
            }
        }
    }

    static final class Waiter {
        static void await(CountDownLatch latch) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void aClassWaitsOnlyWhileAThreadRunsOneOfItsLoops() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch waiting = new CountDownLatch(1);
        Thread spinner = new Thread(Spinner::spin, "spin\nner\u0007 \u2028x");
        Thread waiter = new Thread(() -> {
            waiting.countDown();
            Waiter.await(release);
        }, "waiter");
        spinner.start();
        waiter.start();
        try {
            while (!Spinner.started || waiting.getCount() > 0 || waiter.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
            RunningLoops running = RunningLoops.now(null);
            assertEquals("spin on \"spin?ner? ?x\"", running.loopOf(Spinner.class));
            assertNull(running.loopOf(Waiter.class), "a method without a loop ends after one pass");
            assertNull(running.loopOf(RunningLoopsTest.class), "the caller's own frames are not looked at");
            assertNull(RunningLoops.NONE.loopOf(Spinner.class));
        } finally {
            Spinner.stop = true;
            release.countDown();
            spinner.join();
            waiter.join();
        }
        assertNull(RunningLoops.now(null).loopOf(Spinner.class), "the loop has returned");
    }

    @Test
    void longNamesAreCut() {
        assertEquals("a".repeat(60) + "…", RunningLoops.oneLine("a".repeat(100)));
        assertEquals("plain", RunningLoops.oneLine("plain"));
    }
}
