package gilprobe.it.programs;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Programs for {@code find=true}, each with a known lock that costs the most, among others that do not:
 * <ul>
 *   <li>{@code reentrant T N}: a GIL that is a {@code ReentrantLock} in a static field ({@link #GIL}): T
 *       threads each take it N times and compute while holding it; they also take a lock of their own
 *       ({@link Worker#own}, never contended) and a monitor of their own around their bookkeeping.</li>
 *   <li>{@code busy T N}: a busy lock nobody else wants and a contended one: one thread takes
 *       {@link #BUSY} ({@code ReentrantLock}) 4N times, holding it longer and more often than anyone holds
 *       anything; T threads take {@link #CONTENDED} (a monitor) N times each, briefly.</li>
 *   <li>{@code many N}: N distinct objects, all kept, each {@code synchronized} on once (a local
 *       variable's monitor), then {@link #CONTENDED} N times by two threads.</li>
 *   <li>{@code twins T N}: two locks used alike, {@link #TWIN_A} and {@link #TWIN_B} ({@code ReentrantLock}s):
 *       T threads each take A then B, N times, computing as long while holding either. Statistically the two
 *       are the same lock: designate one and let find measure the other, and their numbers must agree.</li>
 * </ul>
 * The acquisitions of each lock are known exactly; the program prints them.
 */
public final class FindTargets {
    static final ReentrantLock GIL = new ReentrantLock();
    static final ReentrantLock BUSY = new ReentrantLock();
    static final Object CONTENDED = new Object();
    static final ReentrantLock TWIN_A = new ReentrantLock();
    static final ReentrantLock TWIN_B = new ReentrantLock();
    static volatile long sink;

    /** A worker's own lock and monitor: taken often, by it alone. */
    static final class Worker {
        final ReentrantLock own = new ReentrantLock();
        long done;

        synchronized void count() {
            done++;
        }
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        switch (mode) {
            case "reentrant" -> {
                int threads = Integer.parseInt(args[1]);
                int n = Integer.parseInt(args[2]);
                Worker[] workers = new Worker[threads];
                for (int i = 0; i < threads; i++) {
                    workers[i] = new Worker();
                }
                Spin.threads(threads, id -> {
                    Worker w = workers[id];
                    long acc = 0;
                    for (int k = 0; k < n; k++) {
                        GIL.lock();
                        try {
                            acc += compute(2000 + k % 7);
                        } finally {
                            GIL.unlock();
                        }
                        w.own.lock();
                        try {
                            acc += compute(50);
                        } finally {
                            w.own.unlock();
                        }
                        w.count();
                    }
                    sink = acc;
                });
                System.out.println("gil=" + (long) threads * n + " own=" + n + " count=" + n);
            }
            case "busy" -> {
                int threads = Integer.parseInt(args[1]);
                int n = Integer.parseInt(args[2]);
                Thread busy = new Thread(() -> {
                    long acc = 0;
                    for (int k = 0; k < 4 * n; k++) {
                        BUSY.lock();
                        try {
                            acc += compute(4000);
                        } finally {
                            BUSY.unlock();
                        }
                    }
                    sink = acc;
                }, "busy");
                busy.start();
                Spin.threads(threads, id -> contend(n));
                busy.join();
                System.out.println("busy=" + 4L * n + " contended=" + (long) threads * n);
            }
            case "many" -> {
                int n = Integer.parseInt(args[1]);
                Object[] objects = new Object[n];
                for (int i = 0; i < n; i++) {
                    objects[i] = new Object();
                }
                long count = 0;
                for (Object o : objects) {
                    synchronized (o) {
                        count++;
                    }
                }
                Spin.threads(2, id -> contend(n));
                System.out.println("objects=" + count + " contended=" + 2L * n + " kept=" + objects.length);
            }
            case "twins" -> {
                int threads = Integer.parseInt(args[1]);
                int n = Integer.parseInt(args[2]);
                Spin.threads(threads, id -> {
                    long acc = 0;
                    for (int k = 0; k < n; k++) {
                        TWIN_A.lock();
                        try {
                            acc += compute(1000);
                        } finally {
                            TWIN_A.unlock();
                        }
                        TWIN_B.lock();
                        try {
                            acc += compute(1000);
                        } finally {
                            TWIN_B.unlock();
                        }
                        acc += compute(500);
                    }
                    sink = acc;
                });
                System.out.println("a=" + (long) threads * n + " b=" + (long) threads * n);
            }
            default -> throw new IllegalArgumentException(mode);
        }
    }

    private static void contend(int n) {
        long acc = 0;
        for (int k = 0; k < n; k++) {
            synchronized (CONTENDED) {
                acc += compute(20);
            }
            acc += compute(20);
        }
        sink = acc;
    }

    /** Work the JIT cannot remove: about {@code steps} dependent multiply-adds. */
    static long compute(int steps) {
        long x = steps;
        for (int i = 0; i < steps; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x;
    }
}
