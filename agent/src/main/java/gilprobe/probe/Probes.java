package gilprobe.probe;

import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

import gilprobe.record.Designated;
import gilprobe.record.LockState;
import gilprobe.record.LoopCounter;
import gilprobe.record.Recording;
import gilprobe.record.Suggestions;
import gilprobe.record.ThreadState;

/**
 * The static methods instrumented code calls. This class is the whole surface between the target and
 * gilprobe; it lives on the bootstrap class path so code of every class loader can link to it.
 *
 * <p>Contract: a probe never throws into the target except the exception the target's own operation
 * throws (a probe that wraps {@code lock.lock()} rethrows what {@code lock()} threw); a failure inside
 * gilprobe is reported once on stderr ({@link Failures}) and the operation goes on unrecorded. For an
 * object that is not the designated lock a probe costs an identity comparison.
 *
 * <p>Monitors are bracketed, never moved: instrumented code keeps its own {@code monitorenter} and
 * {@code monitorexit} (structured locking stays intact) and calls
 * {@code monitorRequest -> [monitorenter] -> monitorAcquired} and {@code monitorRelease -> [monitorexit]}.
 * The token returned by {@code monitorRequest} travels in a local of gilprobe's (never on the operand stack
 * across {@code monitorenter}: see {@code CallSites}) to {@code monitorAcquired}.
 * Calls on a {@code Lock} or {@code Condition} and {@code Object.wait} are replaced by the probe of the same
 * name, which performs the call itself.
 */
public final class Probes {
    private Probes() {
    }

    // ------------------------------------------------------------------ monitors

    /** Before {@code monitorenter} on {@code monitor}: returns a token for {@link #monitorAcquired} (maybe null). */
    public static Object monitorRequest(Object monitor, int site) {
        LockState lock = Designated.stateOf(monitor);
        if (lock == null) {
            if (Suggestions.counting) {
                Suggestions.hit(site);
            }
            return null;
        }
        return request(lock);
    }

    /** After {@code monitorenter}, with the token {@link #monitorRequest} returned. */
    public static void monitorAcquired(Object token) {
        finishRequest(token, true);
    }

    /** Before {@code monitorexit} on {@code monitor}. */
    public static void monitorRelease(Object monitor) {
        LockState lock = Designated.stateOf(monitor);
        if (lock != null) {
            release(lock);
        }
    }

    /**
     * After {@code monitorexit} on {@code monitor}, where the release could not be recorded before it
     * (exception handlers): the hold ends a few instructions late, and only if no other thread took over.
     */
    public static void monitorReleasedAfterExit(Object monitor) {
        LockState lock = Designated.stateOf(monitor);
        if (lock != null) {
            try {
                ThreadState t = Recording.current();
                if (!t.agentThread) {
                    t.releaseAfterExit();
                }
            } catch (Throwable e) {
                Failures.probe(e);
            }
        }
    }

    /** Replaces {@code monitor.wait()}. */
    public static void objectWait(Object monitor) throws InterruptedException {
        objectWait(monitor, 0L);
    }

    /** Replaces {@code monitor.wait(millis)}. */
    public static void objectWait(Object monitor, long millis) throws InterruptedException {
        LockState lock = Designated.stateOf(monitor);
        ThreadState t = lock == null ? null : conditionWaitBegin(lock);
        try {
            monitor.wait(millis);
        } finally {
            if (t != null) {
                conditionWaitEnd(t);
            }
        }
    }

    /** Replaces {@code monitor.wait(millis, nanos)}. */
    public static void objectWait(Object monitor, long millis, int nanos) throws InterruptedException {
        LockState lock = Designated.stateOf(monitor);
        ThreadState t = lock == null ? null : conditionWaitBegin(lock);
        try {
            monitor.wait(millis, nanos);
        } finally {
            if (t != null) {
                conditionWaitEnd(t);
            }
        }
    }

    // ------------------------------------------------------------------ java.util.concurrent locks

    /** Replaces {@code lock.lock()}. */
    public static void lock(Lock lock) {
        LockState state = Designated.stateOf(lock);
        if (state == null) {
            lock.lock();
            return;
        }
        Object token = request(state);
        boolean ok = false;
        try {
            lock.lock();
            ok = true;
        } finally {
            finishRequest(token, ok);
        }
    }

    /** Replaces {@code lock.lockInterruptibly()}. */
    public static void lockInterruptibly(Lock lock) throws InterruptedException {
        LockState state = Designated.stateOf(lock);
        if (state == null) {
            lock.lockInterruptibly();
            return;
        }
        Object token = request(state);
        boolean ok = false;
        try {
            lock.lockInterruptibly();
            ok = true;
        } finally {
            finishRequest(token, ok);
        }
    }

    /** Replaces {@code lock.tryLock()}. */
    public static boolean tryLock(Lock lock) {
        LockState state = Designated.stateOf(lock);
        if (state == null) {
            return lock.tryLock();
        }
        Object token = request(state);
        boolean ok = false;
        try {
            ok = lock.tryLock();
            return ok;
        } finally {
            finishRequest(token, ok);
        }
    }

    /** Replaces {@code lock.tryLock(time, unit)}. */
    public static boolean tryLock(Lock lock, long time, TimeUnit unit) throws InterruptedException {
        LockState state = Designated.stateOf(lock);
        if (state == null) {
            return lock.tryLock(time, unit);
        }
        Object token = request(state);
        boolean ok = false;
        try {
            ok = lock.tryLock(time, unit);
            return ok;
        } finally {
            finishRequest(token, ok);
        }
    }

    /** Replaces {@code lock.unlock()}: the hold ends before the lock is free for others. */
    public static void unlock(Lock lock) {
        LockState state = Designated.stateOf(lock);
        if (state != null) {
            release(state);
        }
        lock.unlock();
    }

    /** Replaces {@code lock.newCondition()}: conditions of the designated lock end the hold while awaited. */
    public static Condition newCondition(Lock lock) {
        Condition c = lock.newCondition();
        LockState state = Designated.stateOf(lock);
        if (state != null) {
            try {
                Designated.designateCondition(c, state);
            } catch (Throwable t) {
                Failures.probe(t);
            }
        }
        return c;
    }

    /** Replaces {@code condition.await()}. */
    public static void await(Condition c) throws InterruptedException {
        ThreadState t = conditionWaitBegin(Designated.conditionOwner(c));
        try {
            c.await();
        } finally {
            conditionWaitEnd(t);
        }
    }

    /** Replaces {@code condition.awaitUninterruptibly()}. */
    public static void awaitUninterruptibly(Condition c) {
        ThreadState t = conditionWaitBegin(Designated.conditionOwner(c));
        try {
            c.awaitUninterruptibly();
        } finally {
            conditionWaitEnd(t);
        }
    }

    /** Replaces {@code condition.awaitNanos(nanos)}. */
    public static long awaitNanos(Condition c, long nanos) throws InterruptedException {
        ThreadState t = conditionWaitBegin(Designated.conditionOwner(c));
        try {
            return c.awaitNanos(nanos);
        } finally {
            conditionWaitEnd(t);
        }
    }

    /** Replaces {@code condition.await(time, unit)}. */
    public static boolean await(Condition c, long time, TimeUnit unit) throws InterruptedException {
        ThreadState t = conditionWaitBegin(Designated.conditionOwner(c));
        try {
            return c.await(time, unit);
        } finally {
            conditionWaitEnd(t);
        }
    }

    /** Replaces {@code condition.awaitUntil(deadline)}. */
    public static boolean awaitUntil(Condition c, Date deadline) throws InterruptedException {
        ThreadState t = conditionWaitBegin(Designated.conditionOwner(c));
        try {
            return c.awaitUntil(deadline);
        } finally {
            conditionWaitEnd(t);
        }
    }

    // ------------------------------------------------------------------ a lock made of methods

    /** At entry of a designated acquire method. Returns a token for {@link #methodAcquireExit}. */
    public static Object methodAcquireEnter() {
        try {
            ThreadState t = Recording.current();
            if (t.agentThread || t.acquireMethodNesting++ > 0) {
                return null;
            }
            return request(Designated.METHODS, t);
        } catch (Throwable e) {
            Failures.probe(e);
            return null;
        }
    }

    /**
     * At exit of a designated acquire method; {@code returned} is its return value (a {@code Boolean}
     * false means it did not acquire) and {@code thrown} what it threw, if anything.
     */
    public static void methodAcquireExit(Object token, Object returned, Throwable thrown) {
        try {
            ThreadState t = Recording.current();
            if (t.agentThread) {
                return;
            }
            t.acquireMethodNesting--;
            finishRequest(token, thrown == null && !Boolean.FALSE.equals(returned));
        } catch (Throwable e) {
            Failures.probe(e);
        }
    }

    /** At entry of a designated release method: the hold ends here. */
    public static void methodReleaseEnter() {
        try {
            ThreadState t = holderOrCurrent(Designated.METHODS);
            if (t.agentThread || t.releaseMethodNesting++ > 0) {
                return;
            }
            t.release();
        } catch (Throwable e) {
            Failures.probe(e);
        }
    }

    /** At exit of a designated release method. */
    public static void methodReleaseExit() {
        try {
            ThreadState t = holderOrCurrent(Designated.METHODS);
            if (!t.agentThread) {
                t.releaseMethodNesting--;
            }
        } catch (Throwable e) {
            Failures.probe(e);
        }
    }

    // ------------------------------------------------------------------ designation

    /** Instrumented reads and writes of a designated field pass the value here. */
    public static void designate(Object value) {
        if (value == null || Designated.stateOf(value) != null) {
            return;
        }
        try {
            Designated.designate(value);
        } catch (Throwable e) {
            Failures.probe(e);
        }
    }

    // ------------------------------------------------------------------ dispatch loops

    private static final LoopCounter SCRATCH = gilprobe.record.Loops.scratch();

    /** At entry of a method with a dispatch loop: the calling thread's counter for loop {@code loopId}. Never null. */
    public static LoopCounter loopCounter(int loopId) {
        try {
            return gilprobe.record.Loops.counterFor(Recording.current(), loopId);
        } catch (Throwable e) {
            Failures.probe(e);
            return SCRATCH;
        }
    }

    /** Per-opcode counting (opt-in): one execution of the case for {@code key}. */
    public static void opcode(LoopCounter counter, int key, int loopId) {
        try {
            gilprobe.record.Loops.countCase(counter, key, loopId);
        } catch (Throwable e) {
            Failures.probe(e);
        }
    }

    // ------------------------------------------------------------------ shared steps

    private static Object request(LockState lock) {
        try {
            ThreadState t = Recording.current();
            if (t.agentThread) {
                return null;
            }
            return request(lock, t);
        } catch (Throwable e) {
            Failures.probe(e);
            return null;
        }
    }

    /** Returns t for an outermost request, NESTED for a re-entrant one. */
    private static Object request(LockState lock, ThreadState t) {
        if (t.nestIfHolding()) {
            return NESTED;
        }
        if (WaitFilter.filtering && lock.holder() != null) {
            // only a request that finds the lock taken can wait long: the filter call costs about 1.3 us
            t.inProfilerFilter = true;
            WaitFilter.waitBegins();
        }
        t.request(lock, System.nanoTime());
        return t;
    }

    /** Ends the request that made {@code token}: acquired ({@code ok}) or not. */
    private static void finishRequest(Object token, boolean ok) {
        if (token == null) {
            return;
        }
        try {
            if (token instanceof ThreadState t) {
                if (ok) {
                    t.acquired(System.nanoTime());
                    if (Suggestions.counting) {
                        Suggestions.counting = false;
                    }
                } else {
                    t.requestFailed();
                }
                if (t.inProfilerFilter) {
                    t.inProfilerFilter = false;
                    WaitFilter.waitEnds();
                }
            } else if (!ok) {
                Recording.current().unnest();
            }
        } catch (Throwable e) {
            Failures.probe(e);
        }
    }

    private static void release(LockState lock) {
        try {
            ThreadState t = holderOrCurrent(lock);
            if (!t.agentThread) {
                t.release();
            }
        } catch (Throwable e) {
            Failures.probe(e);
        }
    }

    private static ThreadState conditionWaitBegin(LockState lock) {
        if (lock == null) {
            return null;
        }
        try {
            ThreadState t = holderOrCurrent(lock);
            return !t.agentThread && t.conditionWaitBegin(System.nanoTime()) ? t : null;
        } catch (Throwable e) {
            Failures.probe(e);
            return null;
        }
    }

    private static void conditionWaitEnd(ThreadState t) {
        if (t == null) {
            return;
        }
        try {
            t.conditionWaitEnd(System.nanoTime());
        } catch (Throwable e) {
            Failures.probe(e);
        }
    }

    /** The holder's state if the calling thread is the holder (no ThreadLocal lookup), else the caller's. */
    private static ThreadState holderOrCurrent(LockState lock) {
        ThreadState h = lock.holder();
        return h != null && h.isCurrentThread() ? h : Recording.current();
    }

    /** The token of a re-entrant request (the nesting is undone if it fails). */
    private static final Object NESTED = new Object();
}
