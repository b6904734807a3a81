package gilprobe.it.programs;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A target for the live metrics: two workers take {@code LOCK} (holding it for about 20 microseconds of
 * spinning each time, so that it is held a good part of the time) until the file named by the first
 * argument exists; then they end and the program prints {@code workers done <n>} with {@code n} the exact
 * number of times they took the lock, and waits, with no thread touching the lock, until the file named by
 * the second argument exists; then prints {@code exit} and ends with status 0. A test decides each step,
 * never a clock; after ten minutes it gives up with status 3.
 */
public final class LiveCounts {
    static final Object LOCK = new Object();
    static long inside;

    static void step() {
        synchronized (LOCK) {
            inside++;
            Spin.nanos(20_000);
        }
    }

    public static void main(String[] args) throws Exception {
        Path stopWorkers = Path.of(args[0]);
        Path exit = Path.of(args[1]);
        long giveUp = System.nanoTime() + 600_000_000_000L;
        long[] taken = new long[2];
        Thread[] workers = new Thread[2];
        for (int i = 0; i < 2; i++) {
            int id = i;
            workers[i] = new Thread(() -> {
                long n = 0;
                while (!Files.exists(stopWorkers) && System.nanoTime() < giveUp) {
                    for (int k = 0; k < 100; k++) {
                        step();
                        n++;
                    }
                }
                taken[id] = n;
            }, "worker-" + i);
            workers[i].start();
        }
        for (Thread w : workers) {
            w.join();
        }
        System.out.println("workers done " + (taken[0] + taken[1]));
        while (!Files.exists(exit) && System.nanoTime() < giveUp) {
            Thread.sleep(20);
        }
        System.out.println("exit");
        System.exit(Files.exists(exit) ? 0 : 3);
    }
}
