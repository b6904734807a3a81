package gilprobe.record;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The state of one designated lock object, shared by all threads.
 *
 * <p>Concurrency protocol:
 * <ol>
 *   <li>{@link #holder} is written only by the thread that holds the lock (at acquisition and at the
 *       release that frees it), with release semantics; any thread may read it (a requester does, to
 *       classify its request as contended). A stale read can only be the value of a hold that is just
 *       beginning or ending.</li>
 *   <li>{@link #lastOwner} is written only by the holder, so the lock itself serialises it; so is
 *       {@link #acquisitionCount}, which requesters read. Other threads read {@code lastOwner} racily only
 *       to ask "is it me?" ({@link #lastOwnerIfCurrent}), which a stale value answers correctly.</li>
 *   <li>{@link #requesting} counts threads between their request and their acquisition (or their
 *       failure to acquire). It is the one atomic the probes update, once at request and once after;
 *       it makes "others were waiting at acquisition" exact.</li>
 * </ol>
 */
public final class LockState {
    /** The designated object (monitor, Lock, or the receiver-independent token of a methods lock). */
    public final Object lockObject;

    /** Written with release stores ({@link #setHolder}), a plain store on x86; read with acquire loads. */
    private ThreadState holder;
    ThreadState lastOwner;
    /**
     * Acquisitions of this lock so far; written only by the holder (the lock serialises it), read racily
     * by requesters: if it moved between a thread's request and its acquisition, another thread took the
     * lock meanwhile, so the request was contended even if no holder was published when it was made.
     */
    long acquisitionCount;
    final AtomicInteger requesting = new AtomicInteger();
    /**
     * The clock reading of the last release, written by the releasing holder, read racily by requesters
     * as a lower bound of their request time (see {@link ThreadState#request}).
     */
    long lastReleaseStamp;

    public LockState(Object lockObject) {
        this.lockObject = lockObject;
    }

    private static final java.lang.invoke.VarHandle HOLDER;
    /** Release stores of {@link #acquisitionCount} (a plain store on x86). */
    static final java.lang.invoke.VarHandle ACQUISITIONS;

    static {
        try {
            HOLDER = java.lang.invoke.MethodHandles.lookup().findVarHandle(LockState.class, "holder", ThreadState.class);
            ACQUISITIONS = java.lang.invoke.MethodHandles.lookup().findVarHandle(LockState.class, "acquisitionCount", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The calling thread's state when it is the lock's last owner (a holder releasing, or re-requesting
     * after its release), found without a {@code ThreadLocal} lookup; else null.
     */
    public ThreadState lastOwnerIfCurrent() {
        ThreadState last = lastOwner;
        return last != null && last.isCurrentThread() ? last : null;
    }

    /** The thread holding the lock now, as far as gilprobe saw, or null. */
    public ThreadState holder() {
        return (ThreadState) HOLDER.getAcquire(this);
    }

    void setHolder(ThreadState t) {
        HOLDER.setRelease(this, t);
    }

    /** Clears the holder if it is still {@code t} (another thread may have taken the lock meanwhile). */
    void clearHolderIf(ThreadState t) {
        HOLDER.compareAndSet(this, t, null);
    }
}
