package gilprobe.record;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The state of one designated lock object, shared by all threads.
 *
 * <p>Concurrency protocol:
 * <ol>
 *   <li>{@link #holder} is written only by the thread that holds the lock (at acquisition and at the
 *       release that frees it); any thread may read it (a requester does, to decide whether its request
 *       needs a clock reading). It is a hint: a stale read can only be the value of a hold that is just
 *       beginning or ending, and contention is decided exactly by the acquisition count (3).</li>
 *   <li>{@link #lastOwner} and {@link #lastReleaseStamp} are written only by
 *       the holder, so the lock itself serialises them. Other threads read {@code lastOwner} racily
 *       only to ask "is it me?" ({@link #lastOwnerIfCurrent}), which a stale value answers correctly,
 *       and {@code lastReleaseStamp} as a lower bound of their own request time.</li>
 *   <li>{@link #acquisitionCount} is written only by the holder, after it published itself as the holder;
 *       a requester reads it at its request, then the holder once more, and again after it acquired (when
 *       the lock itself orders it after every earlier holder's write): if it moved, another thread took the
 *       lock in between, so the request was contended even if no holder was published when it was made;
 *       and a count already moved at the request comes with its holder published, so the requester sees
 *       that holder (reading the count before the holder, the holder publishing itself before the count,
 *       closes the window where a request saw neither and recorded no wait).</li>
 *   <li>{@link #requesting} counts threads between their request and their acquisition (or their
 *       failure to acquire). It is the one atomic the probes update, once at request and once after;
 *       it makes "others were waiting at acquisition" exact.</li>
 * </ol>
 * Plain fields, no {@code VarHandle}: on x86 acquire loads and release stores are plain moves anyway,
 * the orderings that matter come from the designated lock itself, and a {@code VarHandle} spins method
 * handles at start-up (compilations queued ahead of the target's) and may be left out of line by the JIT
 * in the deep inlining chains of instrumented code.
 */
public final class LockState {
    /** The designated object (monitor, Lock, or the receiver-independent token of a methods lock). */
    public final Object lockObject;
    /** The designation this object belongs to: its index in the recording's locks. */
    public final int designation;

    private LockUse holder;
    LockUse lastOwner;
    /**
     * Acquisitions of this lock so far; see the protocol above (3). Volatile only for its ordering: the holder
     * writes it with a release store ({@link #countAcquisition}, no fence), after publishing itself as the
     * holder; a requester reads it before it reads the holder.
     */
    volatile long acquisitionCount;
    private static final java.util.concurrent.atomic.AtomicLongFieldUpdater<LockState> ACQUISITIONS =
            java.util.concurrent.atomic.AtomicLongFieldUpdater.newUpdater(LockState.class, "acquisitionCount");

    /**
     * One more acquisition, by the holder, after {@link #setHolder}: a release store, so that a requester
     * that sees the new count sees the new holder too.
     */
    void countAcquisition() {
        ACQUISITIONS.lazySet(this, acquisitionCount + 1);
    }
    final AtomicInteger requesting = new AtomicInteger();
    /**
     * The clock reading of the last release, written by the releasing holder, read racily by requesters
     * as a lower bound of their request time (see {@link LockUse#request}).
     */
    long lastReleaseStamp;
    public LockState(Object lockObject) {
        this(lockObject, 0);
    }

    public LockState(Object lockObject, int designation) {
        this.lockObject = lockObject;
        this.designation = designation;
    }

    /**
     * The calling thread's state when it is the lock's last owner (a holder releasing, or re-requesting
     * after its release), found without a {@code ThreadLocal} lookup; else null.
     */
    public LockUse lastOwnerIfCurrent() {
        LockUse last = lastOwner;
        return last != null && last.isCurrentThread() ? last : null;
    }

    /** The thread holding the lock now, as far as gilprobe saw, or null. */
    public LockUse holder() {
        return holder;
    }

    void setHolder(LockUse t) {
        holder = t;
    }

    /**
     * Clears the holder if it is still {@code t}. Used after the lock was already freed (exception paths),
     * when another thread may have taken it meanwhile; losing that race leaves a stale hint only (1).
     */
    void clearHolderIf(LockUse t) {
        if (holder == t) {
            holder = null;
        }
    }
}
