package gilprobe.instrument;

import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One method per shape the call-site rewrites handle, for {@link InstrumentedBytecodeGoldenTest}: monitors
 * named by a field, a class literal, {@code this} or a local; nested and throwing blocks; synchronized
 * methods; {@code Object.wait} in its three forms; every {@code Lock} and {@code Condition} call, through
 * the interface and through the JDK classes javac calls with {@code invokevirtual}; reads and writes of
 * the designated fields. Never run, only instrumented.
 */
@SuppressWarnings({"unused", "SynchronizationOnLocalVariableOrMethodParameter"})
public final class RewriteSamples {
    static Object MONITOR = new Object();
    static Lock LOCK = new ReentrantLock();
    static final ReentrantLock REENTRANT = new ReentrantLock();
    static final ReentrantReadWriteLock RW = new ReentrantReadWriteLock();
    Object instanceMonitor = new Object();
    int count;

    void fieldMonitor() {
        synchronized (MONITOR) {
            count++;
        }
    }

    static void classLiteral() {
        synchronized (RewriteSamples.class) {
            MONITOR = new Object();
        }
    }

    void thisMonitor() {
        synchronized (this) {
            count++;
        }
    }

    void localMonitor(Object o) {
        Object local = o;
        synchronized (local) {
            count++;
        }
    }

    void instanceField() {
        synchronized (instanceMonitor) {
            instanceMonitor = new Object();
        }
    }

    int nestedAndThrowing(int n) {
        synchronized (MONITOR) {
            synchronized (this) {
                if (n < 0) {
                    throw new IllegalArgumentException("n");
                }
                try {
                    count += n;
                } catch (RuntimeException e) {
                    return -1;
                }
            }
            return count;
        }
    }

    synchronized int synchronizedMethod() {
        return ++count;
    }

    static synchronized void staticSynchronized() {
        MONITOR = null;
    }

    synchronized long synchronizedWide(long a, double b) {
        if (a > b) {
            return a;
        }
        return (long) b;
    }

    void waits() throws InterruptedException {
        synchronized (MONITOR) {
            MONITOR.wait();
            MONITOR.wait(10L);
            MONITOR.wait(10L, 5);
        }
    }

    int dispatchInside(int[] code) {
        int acc = 0;
        for (int pc = 0; ; pc++) {
            synchronized (MONITOR) {
                switch (code[pc]) {
                    case 0: acc++; break;
                    case 1: acc--; break;
                    case 2: acc *= 2; break;
                    case 3: acc /= 2; break;
                    default: return acc;
                }
            }
        }
    }

    static void lockCalls() throws InterruptedException {
        LOCK.lock();
        try {
            if (LOCK.tryLock()) {
                LOCK.unlock();
            }
            if (LOCK.tryLock(1, TimeUnit.MILLISECONDS)) {
                LOCK.unlock();
            }
            LOCK.lockInterruptibly();
            LOCK.unlock();
        } finally {
            LOCK.unlock();
        }
    }

    static void conditionCalls() throws InterruptedException {
        Condition c = LOCK.newCondition();
        LOCK.lock();
        try {
            c.await();
            c.await(1, TimeUnit.MILLISECONDS);
            c.awaitNanos(1000L);
            c.awaitUninterruptibly();
            c.awaitUntil(new Date());
            c.signalAll();
        } finally {
            LOCK.unlock();
        }
    }

    static void virtualLockCalls() throws InterruptedException {
        REENTRANT.lock();
        REENTRANT.tryLock();
        REENTRANT.lockInterruptibly();
        Condition c = REENTRANT.newCondition();
        REENTRANT.unlock();
        RW.readLock().lock();
        RW.readLock().unlock();
        RW.writeLock().tryLock(1, TimeUnit.SECONDS);
        RW.writeLock().unlock();
    }

    static void writesTheDesignatedLock() {
        LOCK = new ReentrantLock();
        Lock l = LOCK;
    }
}
