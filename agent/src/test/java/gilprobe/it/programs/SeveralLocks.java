package gilprobe.it.programs;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Five locks of different shapes taken by the same threads, each called through its own type: a monitor
 * ({@link #MONITOR}), a {@code ReentrantLock} ({@link #PLAIN}, taken while holding the monitor), a
 * {@code ReentrantLock} subclass ({@link #SUB}, called as {@code SUB.lock()} on its own class), a
 * hand-written {@code Lock} ({@link #OWN}, a spin lock, called on its own class) and a lock made of methods
 * ({@link #GIL}: {@code take}/{@code drop}). {@code SeveralLocks T K}: T threads, K rounds each; every round
 * takes each lock once, so each is acquired exactly T x K times. Prints the counters (all T x K).
 */
public final class SeveralLocks {
    /** A lock class of the program's own, as interpreters keep their global lock. */
    public static final class MyLock extends ReentrantLock {
    }

    /** A hand-written {@code Lock}: a test-and-set spin lock, not re-entrant. */
    public static final class SpinLock implements Lock {
        private final AtomicReference<Thread> owner = new AtomicReference<>();

        @Override
        public void lock() {
            while (!owner.compareAndSet(null, Thread.currentThread())) {
                Thread.onSpinWait();
            }
        }

        @Override
        public void lockInterruptibly() throws InterruptedException {
            while (!owner.compareAndSet(null, Thread.currentThread())) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                Thread.onSpinWait();
            }
        }

        @Override
        public boolean tryLock() {
            return owner.compareAndSet(null, Thread.currentThread());
        }

        @Override
        public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
            long end = System.nanoTime() + unit.toNanos(time);
            while (!tryLock()) {
                if (System.nanoTime() > end) {
                    return false;
                }
                Thread.onSpinWait();
            }
            return true;
        }

        @Override
        public void unlock() {
            if (!owner.compareAndSet(Thread.currentThread(), null)) {
                throw new IllegalMonitorStateException();
            }
        }

        @Override
        public Condition newCondition() {
            throw new UnsupportedOperationException();
        }
    }

    /** A lock made of methods, as CPython builds its GIL. */
    public static final class Gil {
        private final Object mutex = new Object();
        private boolean locked;

        public void take() throws InterruptedException {
            synchronized (mutex) {
                while (locked) {
                    mutex.wait();
                }
                locked = true;
            }
        }

        public void drop() {
            synchronized (mutex) {
                locked = false;
                mutex.notify();
            }
        }
    }

    static final Object MONITOR = new Object();
    static final ReentrantLock PLAIN = new ReentrantLock();
    static final MyLock SUB = new MyLock();
    static final SpinLock OWN = new SpinLock();
    static final Gil GIL = new Gil();
    static long monitorCount, plainCount, subCount, ownCount, gilCount;

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        Spin.threads(threads, id -> {
            try {
                for (int k = 0; k < rounds; k++) {
                    synchronized (MONITOR) {
                        monitorCount++;
                        PLAIN.lock();
                        try {
                            plainCount++;
                        } finally {
                            PLAIN.unlock();
                        }
                    }
                    SUB.lock();
                    try {
                        subCount++;
                    } finally {
                        SUB.unlock();
                    }
                    OWN.lock();
                    try {
                        ownCount++;
                    } finally {
                        OWN.unlock();
                    }
                    GIL.take();
                    try {
                        gilCount++;
                    } finally {
                        GIL.drop();
                    }
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        System.out.println("monitor=" + monitorCount + " plain=" + plainCount + " sub=" + subCount + " own=" + ownCount
                + " gil=" + gilCount);
    }
}
