package gilprobe.probe;

import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

import gilprobe.record.Candidates;
import gilprobe.record.Designated;
import gilprobe.record.LockState;
import gilprobe.record.LockUse;
import gilprobe.record.LoopCounter;
import gilprobe.record.Recording;
import gilprobe.record.Suggestions;

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
 * across {@code monitorenter}: see {@code MonitorBracketing}) to {@code monitorAcquired}.
 * Calls on a {@code Lock} or {@code Condition} and {@code Object.wait} are replaced by the probe of the same
 * name, which performs the call itself.
 */
public final class Probes {
    private Probes() {
    }

    // ------------------------------------------------------------------ monitors

    /** Before {@code monitorenter} on {@code monitor}: returns a token for {@link #monitorAcquired} (maybe null). */
    public static Object monitorRequest(Object monitor, int site) {
        LockState lock = Recording.designated().stateOf(monitor);
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
        LockState lock = Recording.designated().stateOf(monitor);
        if (lock != null) {
            release(lock);
        }
    }

    /**
     * After {@code monitorexit} on {@code monitor}, where the release could not be recorded before it
     * (exception handlers): the hold ends at {@code stamp}, the clock reading taken just before the
     * {@code monitorexit}.
     */
    public static void monitorReleasedAfterExit(Object monitor, long stamp) {
        releasedAfterExit(Recording.designated().stateOf(monitor), stamp);
    }

    /** Replaces {@code monitor.wait()}. */
    public static void objectWait(Object monitor) throws InterruptedException {
        objectWait(monitor, 0L);
    }

    /** Replaces {@code monitor.wait(millis)}. */
    public static void objectWait(Object monitor, long millis) throws InterruptedException {
        waitOn(monitor, millis, conditionWaitBegin(Recording.designated().stateOf(monitor)));
    }

    /** Replaces {@code monitor.wait(millis, nanos)}. */
    public static void objectWait(Object monitor, long millis, int nanos) throws InterruptedException {
        waitOn(monitor, millis, nanos, conditionWaitBegin(Recording.designated().stateOf(monitor)));
    }

    // ------------------------------------------------------------------ java.util.concurrent locks

    /** Replaces {@code lock.lock()}. */
    public static void lock(Lock lock) {
        LockState state = Recording.designated().stateOf(lock);
        if (state == null) {
            lock.lock();
        } else {
            lock(lock, request(state));
        }
    }

    /** Replaces {@code lock.lockInterruptibly()}. */
    public static void lockInterruptibly(Lock lock) throws InterruptedException {
        LockState state = Recording.designated().stateOf(lock);
        if (state == null) {
            lock.lockInterruptibly();
        } else {
            lockInterruptibly(lock, request(state));
        }
    }

    /** Replaces {@code lock.tryLock()}. */
    public static boolean tryLock(Lock lock) {
        LockState state = Recording.designated().stateOf(lock);
        return state == null ? lock.tryLock() : tryLock(lock, request(state));
    }

    /** Replaces {@code lock.tryLock(time, unit)}. */
    public static boolean tryLock(Lock lock, long time, TimeUnit unit) throws InterruptedException {
        LockState state = Recording.designated().stateOf(lock);
        return state == null ? lock.tryLock(time, unit) : tryLock(lock, time, unit, request(state));
    }

    /** Replaces {@code lock.unlock()}: the hold ends before the lock is free for others. */
    public static void unlock(Lock lock) {
        LockState state = Recording.designated().stateOf(lock);
        if (state != null) {
            release(state);
        }
        lock.unlock();
    }

    /** Replaces {@code lock.newCondition()}: conditions of the designated lock end the hold while awaited. */
    public static Condition newCondition(Lock lock) {
        Condition c = lock.newCondition();
        LockState state = Recording.designated().stateOf(lock);
        if (state != null) {
            try {
                Recording.designated().designateCondition(c, state);
            } catch (Throwable t) {
                Failures.probe(t);
            }
        }
        return c;
    }

    /** Replaces {@code condition.await()}. */
    public static void await(Condition c) throws InterruptedException {
        await(c, Recording.designated().conditionOwner(c));
    }

    /** Replaces {@code condition.awaitUninterruptibly()}. */
    public static void awaitUninterruptibly(Condition c) {
        awaitUninterruptibly(c, Recording.designated().conditionOwner(c));
    }

    /** Replaces {@code condition.awaitNanos(nanos)}. */
    public static long awaitNanos(Condition c, long nanos) throws InterruptedException {
        return awaitNanos(c, nanos, Recording.designated().conditionOwner(c));
    }

    /** Replaces {@code condition.await(time, unit)}. */
    public static boolean await(Condition c, long time, TimeUnit unit) throws InterruptedException {
        return await(c, time, unit, Recording.designated().conditionOwner(c));
    }

    /** Replaces {@code condition.awaitUntil(deadline)}. */
    public static boolean awaitUntil(Condition c, Date deadline) throws InterruptedException {
        return awaitUntil(c, deadline, Recording.designated().conditionOwner(c));
    }

    // ------------------------------------------------------------------ a lock made of methods

    /**
     * At entry of a designated acquire method of the first methods designation; see
     * {@link #methodAcquireEnter(int)}.
     */
    public static Object methodAcquireEnter() {
        return methodAcquireEnter(0);
    }

    /**
     * At entry of an acquire method of designated lock {@code designation}. Returns the token for
     * {@link #methodAcquireExit}: the calling thread's use of that lock (null for gilprobe's own threads or a
     * failure). Only the outermost call of nested acquire methods makes a request.
     */
    public static Object methodAcquireEnter(int designation) {
        try {
            LockState lock = Recording.designated().methods(designation);
            LockUse t = current(lock);
            if (t.agentThread) {
                return null;
            }
            if (t.acquireMethodNesting++ == 0) {
                request(lock, t);
            }
            return t;
        } catch (Throwable e) {
            Failures.probe(e);
            return null;
        }
    }

    /**
     * At exit of a designated acquire method: {@code acquired} is false when it threw or returned the
     * boolean {@code false}.
     */
    public static void methodAcquireExit(Object token, boolean acquired) {
        if (token instanceof LockUse t && --t.acquireMethodNesting == 0) {
            finishRequest(t, acquired);
        }
    }

    /** At entry of a release method of the first methods designation; see {@link #methodReleaseEnter(int)}. */
    public static Object methodReleaseEnter() {
        return methodReleaseEnter(0);
    }

    /**
     * At entry of a release method of designated lock {@code designation}: the hold ends here. Returns the
     * token for {@link #methodReleaseExit} (the thread's use of the lock, or null), so that the exit, which
     * runs between the release and the thread's next request, does no lookup.
     */
    public static Object methodReleaseEnter(int designation) {
        try {
            LockUse t = current(Recording.designated().methods(designation));
            if (t.agentThread) {
                return null;
            }
            if (t.releaseMethodNesting++ == 0) {
                t.release();
            }
            return t;
        } catch (Throwable e) {
            Failures.probe(e);
            return null;
        }
    }

    /** At exit of a designated release method, with the token of {@link #methodReleaseEnter}. */
    public static void methodReleaseExit(Object token) {
        if (token instanceof LockUse t) {
            t.releaseMethodNesting--;
        }
    }

    // ------------------------------------------------------------------ designation

    /** Instrumented reads and writes of a field of the first designation pass the value here. */
    public static void designate(Object value) {
        designate(value, 0);
    }

    /** Instrumented reads and writes of a field of designated lock {@code designation} pass the value here. */
    public static void designate(Object value, int designation) {
        if (value == null || Recording.designated().stateOf(value) != null) {
            return;
        }
        try {
            Recording.designated().designate(value, designation);
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

    /**
     * Per-opcode counting (opt-in) of a dispatch loop in a method near the JVM's compile size limit (others
     * count through trampolines, see DispatchCounter): one execution of the case for {@code key}.
     */
    public static void opcode(LoopCounter counter, int key, int loopId) {
        try {
            counter.countCase(key);
        } catch (Throwable e) {
            Failures.probe(e);
        }
    }

    // ------------------------------------------------------------------ find=true

    /*
     * With find=true the instrumented code calls these instead of the probes above (so that the designated
     * runs' bytecode and hot path stay as they are): a request probe passes its site, a release probe its
     * release site. A designated object is measured as its designation; any other is a candidate
     * ({@link Candidates}), made one on its first request, then measured by the same steps as a designated
     * lock. An object left out of the candidates (the limits) costs a lookup and a counter.
     */

    /** find=true: replaces {@link #monitorRequest} at request site {@code site}. */
    public static Object findMonitorRequest(Object monitor, int site) {
        LockState lock = findState(monitor, site, Candidates.MONITOR);
        return lock == null ? null : findRequest(lock, site);
    }

    /** find=true: replaces {@link #monitorRelease}; {@code releaseSite} numbers this monitorexit. */
    public static void findMonitorRelease(Object monitor, int releaseSite) {
        LockState lock = findReleaseState(monitor, releaseSite);
        if (lock != null) {
            release(lock);
        }
    }

    /** find=true: replaces {@link #monitorReleasedAfterExit}. */
    public static void findMonitorReleasedAfterExit(Object monitor, long stamp) {
        releasedAfterExit(findExistingState(monitor), stamp);
    }

    /** find=true: replaces {@code monitor.wait()} at wait site {@code site} (numbered as a release site). */
    public static void findObjectWait(Object monitor, int site) throws InterruptedException {
        findObjectWait(monitor, 0L, site);
    }

    /** find=true: replaces {@code monitor.wait(millis)}. */
    public static void findObjectWait(Object monitor, long millis, int site) throws InterruptedException {
        waitOn(monitor, millis, conditionWaitBegin(findReleaseState(monitor, site)));
    }

    /** find=true: replaces {@code monitor.wait(millis, nanos)}. */
    public static void findObjectWait(Object monitor, long millis, int nanos, int site) throws InterruptedException {
        waitOn(monitor, millis, nanos, conditionWaitBegin(findReleaseState(monitor, site)));
    }

    /** find=true: replaces {@code lock.lock()} at request site {@code site}. */
    public static void findLock(Lock lock, int site) {
        LockState state = findState(lock, site, Candidates.LOCK);
        if (state == null) {
            lock.lock();
        } else {
            lock(lock, findRequest(state, site));
        }
    }

    /** find=true: replaces {@code lock.lockInterruptibly()}. */
    public static void findLockInterruptibly(Lock lock, int site) throws InterruptedException {
        LockState state = findState(lock, site, Candidates.LOCK);
        if (state == null) {
            lock.lockInterruptibly();
        } else {
            lockInterruptibly(lock, findRequest(state, site));
        }
    }

    /** find=true: replaces {@code lock.tryLock()}. */
    public static boolean findTryLock(Lock lock, int site) {
        LockState state = findState(lock, site, Candidates.LOCK);
        return state == null ? lock.tryLock() : tryLock(lock, findRequest(state, site));
    }

    /** find=true: replaces {@code lock.tryLock(time, unit)}. */
    public static boolean findTryLock(Lock lock, long time, TimeUnit unit, int site) throws InterruptedException {
        LockState state = findState(lock, site, Candidates.LOCK);
        return state == null ? lock.tryLock(time, unit) : tryLock(lock, time, unit, findRequest(state, site));
    }

    /** find=true: replaces {@code lock.unlock()}; {@code releaseSite} numbers this call. */
    public static void findUnlock(Lock lock, int releaseSite) {
        LockState state = findReleaseState(lock, releaseSite);
        if (state != null) {
            release(state);
        }
        lock.unlock();
    }

    /**
     * find=true: replaces {@code lock.newCondition()}: the lock becomes a candidate now (a program creates
     * its conditions before it first locks), so that awaiting the condition ends the lock's hold.
     */
    public static Condition findNewCondition(Lock lock, int site) {
        Condition c = lock.newCondition();
        try {
            Designated d = Recording.designated();
            LockState state = d.stateOf(lock);
            if (state != null) {
                d.designateCondition(c, state);
            } else if (d.candidates != null) {
                state = d.candidates.request(lock, site, Candidates.LOCK);
                if (state != null) {
                    d.candidates.addCondition(c, state);
                }
            }
        } catch (Throwable t) {
            Failures.probe(t);
        }
        return c;
    }

    /** find=true: replaces {@code condition.await()}. */
    public static void findAwait(Condition c) throws InterruptedException {
        await(c, findConditionOwner(c));
    }

    /** find=true: replaces {@code condition.awaitUninterruptibly()}. */
    public static void findAwaitUninterruptibly(Condition c) {
        awaitUninterruptibly(c, findConditionOwner(c));
    }

    /** find=true: replaces {@code condition.awaitNanos(nanos)}. */
    public static long findAwaitNanos(Condition c, long nanos) throws InterruptedException {
        return awaitNanos(c, nanos, findConditionOwner(c));
    }

    /** find=true: replaces {@code condition.await(time, unit)}. */
    public static boolean findAwait(Condition c, long time, TimeUnit unit) throws InterruptedException {
        return await(c, time, unit, findConditionOwner(c));
    }

    /** find=true: replaces {@code condition.awaitUntil(deadline)}. */
    public static boolean findAwaitUntil(Condition c, Date deadline) throws InterruptedException {
        return awaitUntil(c, deadline, findConditionOwner(c));
    }

    /** The designated state of {@code o}, else its candidate state, made now on its first request; or null. */
    private static LockState findState(Object o, int site, int kind) {
        Designated d = Recording.designated();
        LockState s = d.stateOf(o);
        Candidates c = d.candidates;
        if (s != null || c == null) {
            return s;
        }
        try {
            return c.request(o, site, kind);
        } catch (Throwable e) {
            Failures.probe(e);
            return null;
        }
    }

    /** The designated or candidate state of {@code o} at a release site; never makes a candidate. */
    private static LockState findReleaseState(Object o, int releaseSite) {
        Designated d = Recording.designated();
        LockState s = d.stateOf(o);
        Candidates c = d.candidates;
        if (s != null || c == null) {
            return s;
        }
        try {
            return c.release(o, releaseSite);
        } catch (Throwable e) {
            Failures.probe(e);
            return null;
        }
    }

    /** The designated or candidate state of {@code o}; never makes a candidate. */
    private static LockState findExistingState(Object o) {
        Designated d = Recording.designated();
        LockState s = d.stateOf(o);
        Candidates c = d.candidates;
        if (s != null || c == null) {
            return s;
        }
        try {
            return c.stateOf(o);
        } catch (Throwable e) {
            Failures.probe(e);
            return null;
        }
    }

    /** The designated or candidate lock whose condition {@code c} is, or null. */
    private static LockState findConditionOwner(Condition c) {
        Designated d = Recording.designated();
        LockState s = d.conditionOwner(c);
        Candidates candidates = d.candidates;
        if (s != null || candidates == null) {
            return s;
        }
        try {
            return candidates.conditionOwner(c);
        } catch (Throwable e) {
            Failures.probe(e);
            return null;
        }
    }

    /** A request of {@code lock} (designated or candidate) made at {@code site}; a candidate counts its site. */
    private static Object findRequest(LockState lock, int site) {
        Object token = request(lock);
        if (token instanceof LockUse u && u.candidate()) {
            u.countSite(site);
        }
        return token;
    }

    // ------------------------------------------------------------------ the calls, once for designated and found locks

    /*
     * The probes above and their find=true variants differ only in how they find the lock's state (and the
     * request's token); the call itself and its bookkeeping are here, once.
     */

    /** {@code lock.lock()} for the request {@code token} (from {@link #request(LockState)}, maybe null). */
    private static void lock(Lock lock, Object token) {
        boolean ok = false;
        try {
            lock.lock();
            ok = true;
        } finally {
            finishRequest(token, ok);
        }
    }

    private static void lockInterruptibly(Lock lock, Object token) throws InterruptedException {
        boolean ok = false;
        try {
            lock.lockInterruptibly();
            ok = true;
        } finally {
            finishRequest(token, ok);
        }
    }

    private static boolean tryLock(Lock lock, Object token) {
        boolean ok = false;
        try {
            ok = lock.tryLock();
            return ok;
        } finally {
            finishRequest(token, ok);
        }
    }

    private static boolean tryLock(Lock lock, long time, TimeUnit unit, Object token) throws InterruptedException {
        boolean ok = false;
        try {
            ok = lock.tryLock(time, unit);
            return ok;
        } finally {
            finishRequest(token, ok);
        }
    }

    /** {@code monitor.wait(millis)}; {@code t}: the condition wait begun for it, or null. */
    private static void waitOn(Object monitor, long millis, LockUse t) throws InterruptedException {
        try {
            monitor.wait(millis);
        } finally {
            conditionWaitEnd(t);
        }
    }

    private static void waitOn(Object monitor, long millis, int nanos, LockUse t) throws InterruptedException {
        try {
            monitor.wait(millis, nanos);
        } finally {
            conditionWaitEnd(t);
        }
    }

    /** {@code c.await()}, a condition of {@code owner} (null when it is no measured lock's). */
    private static void await(Condition c, LockState owner) throws InterruptedException {
        LockUse t = conditionWaitBegin(owner);
        try {
            c.await();
        } finally {
            conditionWaitEnd(t);
        }
    }

    private static void awaitUninterruptibly(Condition c, LockState owner) {
        LockUse t = conditionWaitBegin(owner);
        try {
            c.awaitUninterruptibly();
        } finally {
            conditionWaitEnd(t);
        }
    }

    private static long awaitNanos(Condition c, long nanos, LockState owner) throws InterruptedException {
        LockUse t = conditionWaitBegin(owner);
        try {
            return c.awaitNanos(nanos);
        } finally {
            conditionWaitEnd(t);
        }
    }

    private static boolean await(Condition c, long time, TimeUnit unit, LockState owner) throws InterruptedException {
        LockUse t = conditionWaitBegin(owner);
        try {
            return c.await(time, unit);
        } finally {
            conditionWaitEnd(t);
        }
    }

    private static boolean awaitUntil(Condition c, Date deadline, LockState owner) throws InterruptedException {
        LockUse t = conditionWaitBegin(owner);
        try {
            return c.awaitUntil(deadline);
        } finally {
            conditionWaitEnd(t);
        }
    }

    /** A release recorded after {@code monitorexit} (exception paths) of {@code lock} (null: not measured). */
    private static void releasedAfterExit(LockState lock, long stamp) {
        if (lock == null) {
            return;
        }
        try {
            LockUse t = current(lock);
            if (!t.agentThread) {
                t.releaseAfterExit(stamp);
            }
        } catch (Throwable e) {
            Failures.probe(e);
        }
    }

    // ------------------------------------------------------------------ shared steps

    private static Object request(LockState lock) {
        try {
            LockUse t = current(lock);
            if (t.agentThread || t.requesting()) {
                // a request made while this thread's request for the same lock is still in progress: a
                // hand-written Lock whose lock() calls its own tryLock(), say. The outer call is the one
                // measured; the inner one passes through unrecorded
                return null;
            }
            return request(lock, t);
        } catch (Throwable e) {
            Failures.probe(e);
            return null;
        }
    }

    /**
     * An outermost request by {@code t}, or a re-entrant one by the holder; returns {@code t} either way
     * (its pending request tells them apart at {@link #finishRequest}). Reads the clock only when the lock
     * is taken by another thread: see {@link LockUse#request}.
     */
    private static LockUse request(LockState lock, LockUse t) {
        if (t.nestIfHolding()) {
            return t;
        }
        LockUse h = lock.holder();
        boolean takenByOther = h != null && h != t;
        if (takenByOther || t.needsTimedRequest()) {
            t.request(lock, takenByOther, true, System.nanoTime());
        } else {
            t.request(lock, false, false, 0L);
        }
        return t;
    }

    /** Ends the request that made {@code token}: acquired ({@code ok}) or not. */
    private static void finishRequest(Object token, boolean ok) {
        if (!(token instanceof LockUse t)) {
            return;
        }
        try {
            if (!t.requesting()) {
                if (!ok) {
                    t.unnest(); // a re-entrant request that failed
                }
                return;
            }
            if (ok) {
                t.acquired(System.nanoTime());
                if (Suggestions.counting) {
                    Suggestions.counting = false;
                }
            } else {
                t.requestFailed();
            }
        } catch (Throwable e) {
            Failures.probe(e);
        }
    }

    /**
     * The calling thread's use of {@code lock}'s designation: found through the lock when the caller is its
     * last owner (a holder releasing or waiting, or re-requesting after its release), else through the
     * {@code ThreadLocal}.
     */
    private static LockUse current(LockState lock) {
        LockUse t = lock.lastOwnerIfCurrent();
        return t != null ? t : Recording.current().use(lock.designation);
    }

    private static void release(LockState lock) {
        try {
            LockUse t = current(lock);
            if (!t.agentThread) {
                t.release();
            }
        } catch (Throwable e) {
            Failures.probe(e);
        }
    }

    private static LockUse conditionWaitBegin(LockState lock) {
        if (lock == null) {
            return null;
        }
        try {
            LockUse t = current(lock);
            return !t.agentThread && t.conditionWaitBegin(System.nanoTime()) ? t : null;
        } catch (Throwable e) {
            Failures.probe(e);
            return null;
        }
    }

    private static void conditionWaitEnd(LockUse t) {
        if (t == null) {
            return;
        }
        try {
            t.conditionWaitEnd(System.nanoTime());
        } catch (Throwable e) {
            Failures.probe(e);
        }
    }


}
