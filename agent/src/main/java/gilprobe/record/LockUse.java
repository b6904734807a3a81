package gilprobe.record;

import org.HdrHistogram.Histogram;

import gilprobe.report.model.Timeline;

/**
 * One thread's use of one designated lock: its request and hold in progress, its counters, histograms,
 * handoff predecessors and timeline lane. A thread that takes several designated locks has one per lock
 * ({@link ThreadState#use}); the probes work on this object, and its lock's {@link LockState} points back
 * to its last owner's.
 *
 * <p><b>Single writer.</b> Only the owning thread calls the recording methods; they take no lock and
 * allocate nothing after the thread's first acquisition (histograms are created then). Readers
 * ({@link Recording#snapshot}) copy the fields racily: a snapshot taken while the thread records may
 * miss the events in flight; the numbers of a thread that has ended are exact.
 *
 * <p>Rules this class encodes (docs/design.md, Definitions):
 * <ul>
 *   <li>Re-entrant acquires by the holder are not acquisitions: {@code depth} counts them, and only the
 *       release that brings it to zero ends the hold. Holding two distinct objects of one designation (an
 *       instance field designates every object stored in it) counts as one hold.</li>
 *   <li>{@code wait()}/{@code await()} ends the hold whatever the depth; the time inside is condition wait,
 *       and the return starts a new hold (an acquisition without a wait sample: {@code wait.count ==
 *       acquisitions - conditionWaits}).</li>
 *   <li>Every acquisition after the lock's first is a handoff (previous owner another thread) or a self
 *       re-acquire (previous owner this thread); the latter is unfair when other threads were requesting
 *       the lock at that moment.</li>
 * </ul>
 */
public final class LockUse {
    /** The thread's state (identity, dispatch loops). */
    final ThreadState thread;
    /** The thread itself, copied from {@link #thread} so that {@link #isCurrentThread} is one load. */
    private final Thread ownerThread;
    /** True for gilprobe's own threads: their probes record nothing. */
    public final boolean agentThread;
    /** The designation this use is of: its index in the recording's locks (or a candidate group's, beyond them). */
    final int designation;
    /**
     * A candidate group of {@code find=true}: its histograms are coarse ({@link Histograms#coarse}; the report
     * carries its counts only) and it counts its request sites ({@link #countSite}).
     */
    final boolean candidate;

    // ---- the current request / hold (owner thread only)
    int depth;
    LockState holding;
    long requestStart;
    /** Whether requestStart is a clock reading of the request itself (else a lower bound of it). */
    boolean requestTimed;
    /** This thread's last clock reading for this lock (acquisition, release, condition wait); 0 before the first. */
    long lastStamp;
    boolean requestContended;
    long holdStart;
    long acquisitionCountAtRequest;
    long ticksAtHoldStart;
    int depthBeforeConditionWait;
    long conditionWaitStart;
    boolean inConditionWait;
    /** The lock of the outermost request in progress; null when none is. */
    private LockState pending;
    /** Nesting of designated acquire methods (an acquire method calling another). */
    public int acquireMethodNesting;
    /** Nesting of designated release methods. */
    public int releaseMethodNesting;

    // ---- totals (owner writes, readers copy)
    /** This thread's counters for this lock; one value type, so merging, summing and copying list them once. */
    final LockCounts counts = new LockCounts();
    /** Acquisitions by this thread per previous owner (by thread index); bounded, see {@link HandoffCounts}. */
    HandoffCounts handoffs = new HandoffCounts(4);
    Histogram hold;
    Histogram wait;
    Histogram ticksPerHold;

    /** Recent intervals for the timeline, or null when the timeline is off (or this thread has no lane). */
    final TimelineBuffer timeline;
    /** The whole run in time buckets (held / waiting / condition wait), beside {@link #timeline}; null when it is. */
    final TimelineBuckets buckets;

    /** Sites of this thread's requests of a candidate group, and how many each made (a few; then {@link #otherSites}). */
    final int[] siteIds;
    final long[] siteCounts;
    long otherSites;

    LockUse(ThreadState thread, int designation, TimelineBuffer timeline) {
        this(thread, designation, timeline, false);
    }

    LockUse(ThreadState thread, int designation, TimelineBuffer timeline, boolean candidate) {
        this(thread, designation, timeline, null, candidate);
    }

    LockUse(ThreadState thread, int designation, TimelineBuffer timeline, TimelineBuckets buckets, boolean candidate) {
        this.buckets = buckets;
        this.thread = thread;
        this.ownerThread = thread.ownerThread;
        this.agentThread = thread.agentThread;
        this.designation = designation;
        this.timeline = timeline;
        this.candidate = candidate;
        this.siteIds = candidate ? new int[] {-1, -1, -1, -1} : null;
        this.siteCounts = candidate ? new long[4] : null;
    }

    /** Whether this is a candidate group's use (find=true), not a designated lock's. */
    public boolean candidate() {
        return candidate;
    }

    /** A request of this candidate group at request site {@code site} (find=true; names the group's busiest site). */
    public void countSite(int site) {
        if (siteIds != null) {
            addSite(site, 1);
        }
    }

    private void addSite(int site, long n) {
        int[] ids = siteIds;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == site) {
                siteCounts[i] += n;
                return;
            }
            if (ids[i] == -1) {
                ids[i] = site;
                siteCounts[i] = n;
                return;
            }
        }
        otherSites += n;
    }

    private Histogram newNanos() {
        return candidate ? Histograms.coarse(Histograms.HIGHEST_NANOS) : Histograms.newNanos();
    }

    private Histogram newTicks() {
        return candidate ? Histograms.coarse(Histograms.HIGHEST_TICKS) : Histograms.newTicks();
    }

    // ------------------------------------------------------------------ lock events

    /** True while this thread holds (any object of) this designated lock. */
    public boolean holds() {
        return depth > 0;
    }

    /**
     * A re-entrant request by the holder: counts nesting only. Returns true if it was one (the caller then
     * skips timing); false for an outermost request, which the caller must follow with
     * {@link #request}.
     */
    public boolean nestIfHolding() {
        if (depth > 0) {
            depth++;
            return true;
        }
        return false;
    }

    /**
     * An outermost request for {@code lock}. {@code now} is a clock reading ({@code timed}) that the caller
     * takes only when the lock was held by another thread ({@code takenByOther}) or this is the thread's
     * first request ({@link #needsTimedRequest}); a request that finds the lock free reads
     * no clock, because between a release and the releasing thread's next request every nanosecond the
     * agent spends lets a waiting thread take the lock (the observer would create the "GIL battle" it
     * reports). Its start is then bounded from below by the thread's last clock reading and the lock's last
     * release (both are before the request): used only if another thread overtakes it (see
     * {@link #acquired}).
     */
    public void request(LockState lock, boolean takenByOther, boolean timed, long now) {
        pending = lock;
        requestTimed = timed;
        requestStart = timed ? now : Math.max(lastStamp, lock.lastReleaseStamp);
        acquisitionCountAtRequest = lock.acquisitionCount;
        // the holder once more, after the count (LockState protocol 3): a thread that took the lock after the
        // caller looked at the holder has counted its acquisition only after publishing itself
        LockUse h = takenByOther ? null : lock.holder();
        requestContended = takenByOther || (h != null && h != this);
        lock.requesting.incrementAndGet();
    }

    /**
     * The outermost request made at {@link #request} succeeded at {@code now}.
     *
     * <p>Wait time: from the request's clock reading for a request that found the lock taken. A request
     * that found it free and that no other thread overtook (the acquisition count did not move) waited
     * only for the lock's own fast path, which is not timed: its wait is recorded as 0. One that found
     * it free but was overtaken, or whose second look at the holder found another thread, waited from an
     * unstamped moment: its wait is measured from the lower bound
     * taken at request, so it can only be over-, never under-stated, and it is counted in
     * {@code boundedWaits}.
     */
    public void acquired(long now) {
        LockState lock = pending;
        pending = null;
        int others = lock.requesting.decrementAndGet();
        // contended: another thread held the lock when this one asked (as published), or took it before
        // this one got it (which also covers a holder that had not been published yet)
        boolean overtaken = lock.acquisitionCount != acquisitionCountAtRequest;
        boolean contended = requestContended || overtaken;
        long waited = 0;
        if (requestTimed) {
            waited = contended ? now - requestStart : 0;
        } else if (contended) {
            waited = Math.max(0, now - requestStart);
            counts.boundedWaits++;
        }
        if (wait == null) {
            hold = newNanos();
            wait = newNanos();
        }
        wait.recordValue(Histograms.clamp(waited, Histograms.HIGHEST_NANOS));
        counts.waitNanos += waited;
        if (contended) {
            counts.contendedAcquisitions++;
        }
        long jfr = gilprobe.jfr.LockEvents.thresholdNanos;
        if (jfr > 0 && waited >= jfr && !candidate) { // the JFR events are the designated locks'
            gilprobe.jfr.LockEvents.waited(waited, contended, designation);
        }
        if (timeline != null && waited > 0) {
            timeline.add(Timeline.State.WAIT, now - waited, now);
            if (buckets != null) {
                buckets.add(Timeline.State.WAIT, now - waited, now);
            }
        }
        beginHold(lock, now, others);
    }

    /** The outermost request failed (tryLock false, interrupted, acquire method threw). */
    public void requestFailed() {
        pending.requesting.decrementAndGet();
        pending = null;
        counts.failedRequests++;
    }

    private void beginHold(LockState lock, long now, int othersRequesting) {
        lastStamp = now;
        depth = 1;
        holding = lock;
        holdStart = now;
        counts.acquisitions++;
        ticksAtHoldStart = thread.loopsUsed > 0 ? thread.ticks() : 0;
        LockUse previous = lock.lastOwner;
        lock.lastOwner = this;
        lock.setHolder(this);
        lock.countAcquisition(); // after the holder: see LockState protocol 3
        if (previous == this) {
            counts.selfReacquire++;
            if (othersRequesting > 0) {
                counts.unfairSelfReacquire++;
            }
        } else if (previous != null) {
            counts.handoffsIn++;
        }
        if (previous != null) {
            handoffs = handoffs.add(previous.thread.index, 1);
        }
    }

    /** A release by this thread; only the one that brings the depth to zero ends the hold (and reads the clock). */
    public void release() {
        if (depth > 1) {
            depth--;
        } else if (depth == 1) {
            endHold(System.nanoTime());
        }
    }

    /** {@link #release} with the clock reading given (tests drive the rules with known times). */
    void releaseAt(long now) {
        if (depth > 1) {
            depth--;
        } else if (depth == 1) {
            endHold(now);
        }
    }

    /**
     * Like {@link #release}, recorded after the lock was already freed (exception paths): the hold ends at
     * {@code stamp}, read just before the lock was freed, so it never overlaps the next holder's; the
     * holder is cleared only if still this thread.
     */
    public void releaseAfterExit(long stamp) {
        if (depth > 1) {
            depth--;
        } else if (depth == 1) {
            LockState lock = holding;
            if (lock != null) {
                lock.clearHolderIf(this);
            }
            endHold(Math.max(stamp, holdStart));
        }
    }

    /** Undoes {@link #nestIfHolding} after a re-entrant request that failed. */
    public void unnest() {
        if (depth > 1) {
            depth--;
        }
    }

    /** Whether a request must read the clock although the lock looks free: no lower bound exists yet. */
    public boolean needsTimedRequest() {
        return lastStamp == 0;
    }

    /** Whether an outermost request is in progress (the owner asks; interval summaries read it racily). */
    public boolean requesting() {
        return pending != null;
    }

    /** Whether the calling thread is this use's thread: one comparison, no weak-reference read. */
    public boolean isCurrentThread() {
        return ownerThread == Thread.currentThread();
    }

    private void endHold(long now) {
        LockState lock = holding;
        lastStamp = now;
        depth = 0;
        holding = null;
        if (lock != null) {
            lock.lastReleaseStamp = now;
            if (lock.holder() == this) {
                lock.setHolder(null);
            }
        }
        long held = now - holdStart;
        counts.heldNanos += held;
        hold.recordValue(Histograms.clamp(held, Histograms.HIGHEST_NANOS));
        long jfr = gilprobe.jfr.LockEvents.thresholdNanos;
        if (jfr > 0 && held >= jfr && !candidate) {
            gilprobe.jfr.LockEvents.hold(held, designation);
        }
        if (thread.loopsUsed > 0) {
            long n = thread.ticks() - ticksAtHoldStart;
            counts.ticksHeld += n;
            if (ticksPerHold == null) {
                ticksPerHold = newTicks();
            }
            ticksPerHold.recordValue(Histograms.clamp(n, Histograms.HIGHEST_TICKS));
        }
        if (timeline != null) {
            timeline.add(Timeline.State.HOLD, holdStart, now);
            if (buckets != null) {
                buckets.add(Timeline.State.HOLD, holdStart, now);
            }
        }
    }

    /**
     * Entering {@code wait()}/{@code await()} on the designated lock: ends the hold whatever the depth.
     * Returns false (and records nothing) if this thread does not hold it, e.g. an illegal wait.
     */
    public boolean conditionWaitBegin(long now) {
        if (depth == 0 || inConditionWait) {
            return false;
        }
        depthBeforeConditionWait = depth;
        LockState lock = holding;
        depth = 1;
        endHold(now);
        holding = lock;
        inConditionWait = true;
        conditionWaitStart = now;
        return true;
    }

    /** Returning from the wait begun at {@link #conditionWaitBegin}: the lock is held again. */
    public void conditionWaitEnd(long now) {
        if (!inConditionWait) {
            return;
        }
        inConditionWait = false;
        LockState lock = holding;
        counts.conditionWaitNanos += now - conditionWaitStart;
        counts.conditionWaits++;
        if (timeline != null) {
            timeline.add(Timeline.State.CONDITION_WAIT, conditionWaitStart, now);
            if (buckets != null) {
                buckets.add(Timeline.State.CONDITION_WAIT, conditionWaitStart, now);
            }
        }
        beginHold(lock, now, lock.requesting.get());
        depth = depthBeforeConditionWait;
    }

    /** Adds the numbers of {@code dead}, the same lock's use by a thread that has ended. */
    void absorb(LockUse dead) {
        dead.counts.addTo(counts);
        if (dead.siteIds != null && siteIds != null) {
            for (int i = 0; i < dead.siteIds.length; i++) {
                if (dead.siteIds[i] >= 0) {
                    addSite(dead.siteIds[i], dead.siteCounts[i]);
                }
            }
            otherSites += dead.otherSites;
        }
        HandoffCounts theirHandoffs = dead.handoffs;
        for (int i = 0; i < theirHandoffs.size(); i++) {
            handoffs = handoffs.add(theirHandoffs.from[i], theirHandoffs.count[i]);
        }
        if (dead.hold != null) {
            if (hold == null) {
                hold = newNanos();
                wait = newNanos();
            }
            hold.add(dead.hold);
            wait.add(dead.wait);
        }
        if (dead.ticksPerHold != null) {
            if (ticksPerHold == null) {
                ticksPerHold = newTicks();
            }
            ticksPerHold.add(dead.ticksPerHold);
        }
    }
}
