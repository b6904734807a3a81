package gilprobe.bench;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak run of the staging issue (not part of {@code mvn verify}): {@code acquisitions} acquisitions
 * of {@link #LOCK} by {@code threads} long-lived threads, while {@code shortLived} threads are started
 * one after another, each taking the lock 20 times. Prints the elapsed time and the heap in use after a
 * full GC at the end; run it with and without the agent ({@code scripts/soak.sh}) to get the agent's
 * heap and its overhead.
 *
 * <p>usage: {@code Soak <acquisitions> <threads> <shortLived>}
 */
public final class Soak {
    static final Object LOCK = new Object();
    static long counter;

    public static void main(String[] args) throws Exception {
        long acquisitions = Long.parseLong(args[0]);
        int threads = Integer.parseInt(args[1]);
        int shortLived = Integer.parseInt(args[2]);
        long start = System.nanoTime();
        AtomicLong done = new AtomicLong();
        Thread[] workers = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            long share = acquisitions / threads + (i < acquisitions % threads ? 1 : 0);
            workers[i] = new Thread(() -> {
                for (long k = 0; k < share; k++) {
                    synchronized (LOCK) {
                        counter++;
                    }
                }
                done.incrementAndGet();
            }, "worker-" + i);
            workers[i].start();
        }
        int started = 0;
        while (started < shortLived) {
            Thread t = new Thread(() -> {
                for (int k = 0; k < 20; k++) {
                    synchronized (LOCK) {
                        counter++;
                    }
                }
            }, "short-" + started);
            t.start();
            t.join();
            started++;
        }
        for (Thread w : workers) {
            w.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf("counter=%d shortLived=%d elapsed_s=%.2f heap_after_gc_bytes=%d%n", counter, started, seconds, heap);
    }
}
