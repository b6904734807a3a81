package gilprobe.it.programs;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Programs built to show one verdict each, by what their threads do with {@code MON} (a monitor) or
 * {@code FAIR} (a fair {@code ReentrantLock}); every hold and gap is a busy spin of a known length. First, for
 * 150 ms, two threads spin without any lock and the program prints {@code cores_free=} the CPU time they got
 * over the wall time: about 2 on a machine with two idle cores, about 1 or less on one busy with other work.
 * <ul>
 *   <li>{@code battle}: 2 threads take {@code MON} for 400 µs, back to back: the JVM's monitor lets the
 *       releasing thread take it straight back while the other waits;</li>
 *   <li>{@code serial}: 2 threads take {@code FAIR} for 1 ms, back to back; it hands it to the waiter every
 *       time: held all the time, no churn;</li>
 *   <li>{@code convoy}: "cpu" holds {@code MON} 5 ms at a time with 100 µs between holds (time for a woken
 *       waiter to take it: back to back, the monitor would let "cpu" take it straight back and starve "io" on
 *       free cores); "io" holds it 20 µs, then sleeps 2 ms, and each time waits for a part of a 5 ms hold;</li>
 *   <li>{@code contention}: 2 threads hold {@code MON} 100 µs, then spin 50 µs without it: together they want it
 *       more than all the time, so one often asks while the other holds it (with 200 µs outside, two threads
 *       settle into turns that never meet); a third of their work is without it;</li>
 *   <li>{@code quiet}: 2 threads hold {@code MON} 1 µs, then spin 200 µs without it.</li>
 * </ul>
 */
public final class Patterns {
    static final Object MON = new Object();
    static final ReentrantLock FAIR = new ReentrantLock(true);

    public static void main(String[] args) throws Exception {
        // how many cores the machine gives two busy threads now: a loaded machine runs them one after the other,
        // and then no pattern that needs them side by side can show
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long[] used = new long[2];
        long start = System.nanoTime();
        Spin.threads(2, id -> {
            long c0 = mx.getCurrentThreadCpuTime();
            Spin.nanos(150_000_000);
            used[id] = mx.getCurrentThreadCpuTime() - c0;
        });
        System.out.println("cores_free=" + (double) (used[0] + used[1]) / (System.nanoTime() - start));
        switch (args[0]) {
            case "battle" -> Spin.threads(2, id -> {
                for (int k = 0; k < 4000; k++) {
                    synchronized (MON) {
                        Spin.nanos(400_000);
                    }
                }
            });
            case "serial" -> Spin.threads(2, id -> {
                for (int k = 0; k < 1500; k++) {
                    FAIR.lock();
                    try {
                        Spin.nanos(1_000_000);
                    } finally {
                        FAIR.unlock();
                    }
                }
            });
            case "convoy" -> {
                Thread cpu = new Thread(() -> {
                    for (int k = 0; k < 300; k++) {
                        synchronized (MON) {
                            Spin.nanos(5_000_000);
                        }
                        Spin.nanos(100_000);
                    }
                }, "cpu");
                Thread io = new Thread(() -> {
                    for (int k = 0; k < 100; k++) {
                        synchronized (MON) {
                            Spin.nanos(20_000);
                        }
                        try {
                            Thread.sleep(2);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "io");
                cpu.start();
                Thread.sleep(20);
                io.start();
                io.join();
                cpu.join();
            }
            case "contention" -> Spin.threads(2, id -> {
                for (int k = 0; k < 1500; k++) {
                    synchronized (MON) {
                        Spin.nanos(100_000);
                    }
                    Spin.nanos(50_000);
                }
            });
            case "quiet" -> Spin.threads(2, id -> {
                for (int k = 0; k < 2000; k++) {
                    synchronized (MON) {
                        Spin.nanos(1_000);
                    }
                    Spin.nanos(200_000);
                }
            });
            default -> throw new IllegalArgumentException("battle, serial, convoy, contention or quiet: " + args[0]);
        }
        System.out.println("done");
    }
}
