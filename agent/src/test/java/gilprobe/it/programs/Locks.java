package gilprobe.it.programs;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@code ReentrantLock} in a static field ({@code lock=gilprobe.it.programs.Locks.LOCK}). Modes:
 * {@code lock} (T x K lock/unlock, with one re-entrant lock inside each), {@code trylock} (T x K
 * successful tryLock + F failed tryLock while another thread holds it), {@code interrupt} (one thread
 * blocked in lockInterruptibly is interrupted), {@code await} (condition await ends the hold).
 */
public final class Locks {
    static final Lock LOCK = new ReentrantLock();
    static long counter;

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        switch (mode) {
            case "lock" -> {
                int threads = Integer.parseInt(args[1]);
                int iterations = Integer.parseInt(args[2]);
                Spin.threads(threads, id -> {
                    for (int k = 0; k < iterations; k++) {
                        LOCK.lock();
                        try {
                            LOCK.lock();
                            try {
                                counter++;
                            } finally {
                                LOCK.unlock();
                            }
                        } finally {
                            LOCK.unlock();
                        }
                    }
                });
            }
            case "trylock" -> {
                int ok = Integer.parseInt(args[1]);
                int failing = Integer.parseInt(args[2]);
                for (int k = 0; k < ok; k++) {
                    if (LOCK.tryLock(1, TimeUnit.SECONDS)) {
                        try {
                            counter++;
                        } finally {
                            LOCK.unlock();
                        }
                    }
                }
                CountDownLatch held = new CountDownLatch(1);
                CountDownLatch done = new CountDownLatch(1);
                Thread holder = new Thread(() -> {
                    LOCK.lock();
                    try {
                        held.countDown();
                        done.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        LOCK.unlock();
                    }
                }, "holder");
                holder.start();
                held.await();
                int failed = 0;
                for (int k = 0; k < failing; k++) {
                    if (!LOCK.tryLock()) {
                        failed++;
                    }
                }
                done.countDown();
                holder.join();
                System.out.println("failed=" + failed);
            }
            case "interrupt" -> {
                CountDownLatch held = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                Thread holder = new Thread(() -> {
                    LOCK.lock();
                    try {
                        held.countDown();
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        LOCK.unlock();
                    }
                }, "holder");
                holder.start();
                held.await();
                Thread victim = new Thread(() -> {
                    try {
                        LOCK.lockInterruptibly();
                        LOCK.unlock();
                        System.out.println("victim acquired");
                    } catch (InterruptedException e) {
                        System.out.println("victim interrupted");
                    }
                }, "victim");
                victim.start();
                Thread.sleep(200);
                victim.interrupt();
                victim.join();
                release.countDown();
                holder.join();
            }
            case "await" -> {
                Condition c = LOCK.newCondition();
                int n = Integer.parseInt(args[1]);
                LOCK.lock();
                try {
                    for (int k = 0; k < n; k++) {
                        c.await(20, TimeUnit.MILLISECONDS);
                    }
                } finally {
                    LOCK.unlock();
                }
            }
            default -> throw new IllegalArgumentException(mode);
        }
        System.out.println("counter=" + counter);
    }
}
