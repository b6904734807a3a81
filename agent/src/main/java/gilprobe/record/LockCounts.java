package gilprobe.record;

/**
 * One thread's counters for the designated lock: a plain value with a single writer (the thread whose
 * {@link ThreadState} holds it). Readers ({@link Recording#snapshot}) copy it racily with
 * {@link #addTo}; the counters of a thread that has ended are exact. The list of counters lives here only:
 * merging ended threads, summing for the lock's totals and copying for a report all go through
 * {@link #addTo}.
 */
public final class LockCounts {
    /** Outermost successful acquires (definitions: acquisition), including returns from a condition wait. */
    long acquisitions;
    /** Acquisitions whose request found the lock held by another thread or was overtaken by one. */
    long contendedAcquisitions;
    long heldNanos;
    long waitNanos;
    long conditionWaitNanos;
    /** Returns from {@code wait()}/{@code await()} on the lock (acquisitions without a wait sample). */
    long conditionWaits;
    /** Acquisitions whose previous owner was this same thread. */
    long selfReacquire;
    /** Self re-acquires while other threads were requesting the lock. */
    long unfairSelfReacquire;
    /** Acquisitions whose previous owner was another thread. */
    long handoffsIn;
    /** Outermost requests that did not acquire (tryLock false, interrupted, an acquire method threw). */
    long failedRequests;
    /** Acquisitions whose request found the lock free but was overtaken: wait measured from a lower bound. */
    long boundedWaits;
    /** Dispatch ticks this thread ran while holding the lock. */
    long ticksHeld;

    /** Adds these counters to {@code sum} (a racy read when the writer is still running). */
    void addTo(LockCounts sum) {
        sum.acquisitions += acquisitions;
        sum.contendedAcquisitions += contendedAcquisitions;
        sum.heldNanos += heldNanos;
        sum.waitNanos += waitNanos;
        sum.conditionWaitNanos += conditionWaitNanos;
        sum.conditionWaits += conditionWaits;
        sum.selfReacquire += selfReacquire;
        sum.unfairSelfReacquire += unfairSelfReacquire;
        sum.handoffsIn += handoffsIn;
        sum.failedRequests += failedRequests;
        sum.boundedWaits += boundedWaits;
        sum.ticksHeld += ticksHeld;
    }

    /** A copy taken now (racy while the writer runs: each counter is read once). */
    LockCounts copy() {
        LockCounts c = new LockCounts();
        addTo(c);
        return c;
    }

    public long acquisitions() {
        return acquisitions;
    }

    public long contendedAcquisitions() {
        return contendedAcquisitions;
    }

    public long heldNanos() {
        return heldNanos;
    }

    public long waitNanos() {
        return waitNanos;
    }

    public long conditionWaitNanos() {
        return conditionWaitNanos;
    }

    public long conditionWaits() {
        return conditionWaits;
    }

    public long selfReacquire() {
        return selfReacquire;
    }

    public long unfairSelfReacquire() {
        return unfairSelfReacquire;
    }

    public long handoffsIn() {
        return handoffsIn;
    }

    public long failedRequests() {
        return failedRequests;
    }

    public long boundedWaits() {
        return boundedWaits;
    }

    public long ticksHeld() {
        return ticksHeld;
    }
}
