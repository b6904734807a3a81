package gilprobe.samples.minipy.gil;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The Python 3.2+ GIL, transcribed from {@code Python/ceval_gil.c} ({@code take_gil},
 * {@code drop_gil}, {@code FORCE_SWITCHING} on):
 *
 * <ol>
 *   <li>{@code mutex} + {@code cond} guard the {@code locked} flag; {@code switchMutex} +
 *       {@code switchCond} guard {@code lastHolder} and announce that the GIL changed hands.</li>
 *   <li>A waiter waits on {@code cond} for at most the switch interval (default 5 ms). If the
 *       wait timed out, the GIL is still locked and no switch happened meanwhile
 *       ({@code switchNumber} unchanged), it sets {@code gil_drop_request}
 *       ({@link #dropRequested()}, polled by the holder at every instruction, CPython's
 *       {@code eval_breaker}).</li>
 *   <li>The holder then releases: {@code locked = false}, signal one waiter. FORCE_SWITCHING: if
 *       a drop was requested and no other thread has taken the GIL yet, the releaser waits on
 *       {@code switchCond} until one has, so that it cannot win the GIL straight back.</li>
 *   <li>Taking the GIL increments {@code switchNumber} when the holder changes, signals
 *       {@code switchCond}, and clears a pending drop request.</li>
 * </ol>
 * An I/O-bound thread returning from a blocking call must therefore wait up to a whole
 * interval while a CPU-bound thread runs: the convoy effect.
 *
 * <p>{@code drop_requests} counts the times a waiter set {@code gil_drop_request} (under
 * {@code mutex}); {@code forced_switch_waits} the FORCE_SWITCHING waits (under {@code switchMutex}).
 */
public final class NewGil extends AbstractGil {
    private final long intervalNanos;
    private final ReentrantLock mutex = new ReentrantLock();
    private final Condition cond = mutex.newCondition();
    private final ReentrantLock switchMutex = new ReentrantLock();
    private final Condition switchCond = switchMutex.newCondition();
    /** Guarded by mutex. */
    private boolean locked;
    /** Guarded by mutex. */
    private long switchNumber;
    /** Written holding mutex and switchMutex; read holding either. */
    private Thread lastHolder;
    /** Threads waiting in acquire(); guarded by mutex. */
    private int waiters;
    /** gil_drop_request: set by a waiter, polled by the holder, cleared by the next taker. */
    private volatile boolean dropRequest;

    public NewGil(long switchIntervalNanos) {
        if (switchIntervalNanos <= 0) throw new IllegalArgumentException("switch interval must be > 0");
        this.intervalNanos = switchIntervalNanos;
    }

    @Override
    public void acquire() {
        Thread me = Thread.currentThread();
        boolean interrupted = false;
        mutex.lock();
        try {
            boolean contended = locked;
            long start = contended ? System.nanoTime() : 0;
            if (contended) {
                waiters++;
                while (locked) {
                    long savedSwitchNumber = switchNumber;
                    boolean timedOut;
                    try {
                        timedOut = cond.awaitNanos(intervalNanos) <= 0;
                    } catch (InterruptedException e) {
                        interrupted = true;
                        timedOut = false;
                    }
                    if (timedOut && locked && switchNumber == savedSwitchNumber) {
                        dropRequest = true;
                        stats.dropRequest();
                    }
                }
                waiters--;
            }
            switchMutex.lock();
            try {
                locked = true;
                if (lastHolder != me) {
                    lastHolder = me;
                    switchNumber++;
                }
                switchCond.signal();
            } finally {
                switchMutex.unlock();
            }
            if (dropRequest) dropRequest = false;
            stats.acquired(me, contended, contended ? System.nanoTime() - start : 0, waiters > 0);
        } finally {
            mutex.unlock();
        }
        if (interrupted) me.interrupt();
        notifyAcquired();
    }

    @Override
    public void release() {
        notifyReleasing();
        Thread me = Thread.currentThread();
        mutex.lock();
        try {
            locked = false;
            cond.signal();
        } finally {
            mutex.unlock();
        }
        if (dropRequest) {
            switchMutex.lock();
            try {
                // not switched yet: wait until another thread took the GIL
                if (lastHolder == me) {
                    dropRequest = false;
                    stats.forcedSwitchWait();
                    switchCond.awaitUninterruptibly();
                }
            } finally {
                switchMutex.unlock();
            }
        }
    }

    /** Every instruction, like CPython's eval_breaker. */
    @Override
    public int checkInterval() {
        return 1;
    }

    @Override
    public boolean dropRequested() {
        return dropRequest;
    }

    @Override
    public String name() {
        return "new";
    }

    @Override
    public GilStats.Snapshot stats() {
        mutex.lock();
        switchMutex.lock();
        try {
            return stats.snapshot();
        } finally {
            switchMutex.unlock();
            mutex.unlock();
        }
    }

    @Override
    public String toString() {
        return "NewGil[interval=" + TimeUnit.NANOSECONDS.toMicros(intervalNanos) + "us]";
    }
}
