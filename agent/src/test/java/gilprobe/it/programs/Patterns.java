package gilprobe.it.programs;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Programs built to show one verdict each, by what their threads do with {@code MON} (a monitor) or
 * {@code FAIR} (a fair {@code ReentrantLock}); every hold and gap is a busy spin of a known length.
 * <ul>
 *   <li>{@code battle}: 2 threads take {@code MON} for 200 µs, back to back: the JVM's monitor lets the
 *       releasing thread take it straight back while the other waits;</li>
 *   <li>{@code serial}: the same on {@code FAIR}, which hands it to the waiter every time: held all the time,
 *       no churn;</li>
 *   <li>{@code convoy}: "cpu" holds {@code MON} 5 ms at a time, back to back; "io" holds it 20 µs, then
 *       sleeps 2 ms, and each time waits for a part of a 5 ms hold;</li>
 *   <li>{@code contention}: 2 threads hold {@code MON} 100 µs, then spin 200 µs without it;</li>
 *   <li>{@code quiet}: 2 threads hold {@code MON} 1 µs, then spin 200 µs without it.</li>
 * </ul>
 */
public final class Patterns {
    static final Object MON = new Object();
    static final ReentrantLock FAIR = new ReentrantLock(true);

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "battle" -> Spin.threads(2, id -> {
                for (int k = 0; k < 10000; k++) {
                    synchronized (MON) {
                        Spin.nanos(200_000);
                    }
                }
            });
            case "serial" -> Spin.threads(2, id -> {
                for (int k = 0; k < 8000; k++) {
                    FAIR.lock();
                    try {
                        Spin.nanos(250_000);
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
                for (int k = 0; k < 2000; k++) {
                    synchronized (MON) {
                        Spin.nanos(100_000);
                    }
                    Spin.nanos(200_000);
                }
            });
            case "quiet" -> Spin.threads(2, id -> {
                for (int k = 0; k < 3000; k++) {
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
