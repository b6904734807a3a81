package gilprobe.record;

import org.HdrHistogram.Histogram;

/**
 * Everything gilprobe records about one thread: its use of the designated lock and its dispatch ticks.
 *
 * <p><b>Single writer.</b> Only the owning thread calls the recording methods; they take no lock and
 * allocate nothing after the thread's first acquisition (histograms are created then). Readers
 * ({@link Recording#snapshot}) copy the fields racily: a snapshot taken while the thread records may
 * miss the events in flight; the numbers of a thread that has ended are exact.
 *
 * <p>Rules this class encodes (docs/design.md, Definitions):
 * <ul>
 *   <li>Re-entrant acquires by the holder are not acquisitions: {@code depth} counts them, and only the
 *       release that brings it to zero ends the hold. Holding two distinct designated objects (an instance
 *       field designates every object stored in it) counts as one hold.</li>
 *   <li>{@code wait()}/{@code await()} ends the hold whatever the depth; the time inside is condition wait,
 *       and the return starts a new hold (an acquisition without a wait sample: {@code wait.count ==
 *       acquisitions - conditionWaits}).</li>
 *   <li>Every acquisition after the lock's first is a handoff (previous owner another thread) or a self
 *       re-acquire (previous owner this thread); the latter is unfair when other threads were requesting
 *       the lock at that moment.</li>
 * </ul>
 */
public final class ThreadState {
    /**
     * The thread, strongly held: {@link #isCurrentThread} on the probes' path is then one comparison. It
     * keeps an ended thread's small {@code Thread} object alive as long as this state is kept (a bounded
     * number of states, see {@link Recording}: ended threads beyond it are merged and their states dropped).
     */
    private final Thread ownerThread;
    final long threadId;
    /** The OS thread id (Linux), read once when profiling asks for it; else -1. */
    long osThreadId = -1;
    final String initialName;
    /** Dense index of this thread (0, 1, 2, ...) used by the handoff matrix. */
    final int index;
    /** True for gilprobe's own threads: their probes record nothing. */
    public final boolean agentThread;
    /** The recording this state belongs to (see {@link Recording#start}); null for the merged ended threads. */
    final Recording recording;

    // ---- the current request / hold (owner thread only)
    int depth;
    LockState holding;
    long requestStart;
    /** Whether requestStart is a clock reading of the request itself (else a lower bound of it). */
    boolean requestTimed;
    /** This thread's last clock reading (acquisition, release, condition wait); 0 before the first. */
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
    /** This thread's counters; one value type, so merging, summing and copying list them once. */
    final LockCounts counts = new LockCounts();
    /** Acquisitions by this thread per previous owner (by thread index); bounded, see {@link HandoffCounts}. */
    HandoffCounts handoffs = new HandoffCounts(4);
    Histogram hold;
    Histogram wait;
    Histogram ticksPerHold;

    // ---- dispatch loops
    /** loopCounters[loopId], created on the thread's first tick in that loop. */
    LoopCounter[] loopCounters = new LoopCounter[0];
    int loopsUsed;

    /** Recent intervals for the timeline, or null when the timeline is off. */
    final TimelineBuffer timeline;

    ThreadState(Thread thread, int index, boolean agentThread, TimelineBuffer timeline, Recording recording) {
        this.recording = recording;
        this.ownerThread = thread;
        this.threadId = thread.getId();
        this.initialName = thread.getName();
        this.index = index;
        this.agentThread = agentThread;
        this.timeline = timeline;
    }

    // ------------------------------------------------------------------ lock events

    /** True while this thread holds (any object of) the designated lock. */
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
        requestContended = takenByOther;
        requestTimed = timed;
        requestStart = timed ? now : Math.max(lastStamp, lock.lastReleaseStamp);
        acquisitionCountAtRequest = lock.acquisitionCount;
        lock.requesting.incrementAndGet();
    }

    /**
     * The outermost request made at {@link #request} succeeded at {@code now}.
     *
     * <p>Wait time: from the request's clock reading for a request that found the lock taken. A request
     * that found it free and that no other thread overtook (the acquisition count did not move) waited
     * only for the lock's own fast path, which is not timed: its wait is recorded as 0. One that found
     * it free but was overtaken waited from an unstamped moment: its wait is measured from the lower bound
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
        } else if (overtaken) {
            waited = Math.max(0, now - requestStart);
            counts.boundedWaits++;
        }
        if (wait == null) {
            hold = Histograms.newNanos();
            wait = Histograms.newNanos();
        }
        wait.recordValue(Histograms.clamp(waited, Histograms.HIGHEST_NANOS));
        counts.waitNanos += waited;
        if (contended) {
            counts.contendedAcquisitions++;
        }
        long jfr = gilprobe.jfr.LockEvents.thresholdNanos;
        if (jfr > 0 && waited >= jfr) {
            gilprobe.jfr.LockEvents.waited(waited, contended);
        }
        if (timeline != null && waited > 0) {
            timeline.add(TimelineBuffer.WAIT, now - waited, now);
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
        ticksAtHoldStart = loopsUsed > 0 ? ticks() : 0;
        ThreadState previous = lock.lastOwner;
        lock.lastOwner = this;
        lock.acquisitionCount++;
        if (previous == this) {
            counts.selfReacquire++;
            if (othersRequesting > 0) {
                counts.unfairSelfReacquire++;
            }
        } else if (previous != null) {
            counts.handoffsIn++;
        }
        if (previous != null) {
            handoffs = handoffs.add(previous.index, 1);
        }
        lock.setHolder(this);
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

    /** Whether the calling thread is this state's thread: one comparison, no weak-reference read. */
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
        if (jfr > 0 && held >= jfr) {
            gilprobe.jfr.LockEvents.hold(held);
        }
        if (loopsUsed > 0) {
            long n = ticks() - ticksAtHoldStart;
            counts.ticksHeld += n;
            if (ticksPerHold == null) {
                ticksPerHold = Histograms.newTicks();
            }
            ticksPerHold.recordValue(Histograms.clamp(n, Histograms.HIGHEST_TICKS));
        }
        if (timeline != null) {
            timeline.add(TimelineBuffer.HOLD, holdStart, now);
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
            timeline.add(TimelineBuffer.CONDITION_WAIT, conditionWaitStart, now);
        }
        beginHold(lock, now, lock.requesting.get());
        depth = depthBeforeConditionWait;
    }

    // ------------------------------------------------------------------ dispatch ticks

    /** The counter for dispatch loop {@code loopId} if this thread has ticked in it, else null. */
    LoopCounter existingCounter(int loopId) {
        LoopCounter[] counters = loopCounters;
        return loopId < counters.length ? counters[loopId] : null;
    }

    /** Creates the counter for dispatch loop {@code loopId}. */
    LoopCounter newCounter(int loopId, CaseSlots caseSlots) {
        LoopCounter[] counters = loopCounters;
        if (loopId >= counters.length) {
            counters = java.util.Arrays.copyOf(counters, Math.max(loopId + 1, counters.length * 2));
        }
        LoopCounter c = new LoopCounter(caseSlots);
        counters[loopId] = c;
        loopCounters = counters;
        loopsUsed++;
        if (depth > 0 && loopsUsed == 1) {
            // first loop of a thread that already holds the lock: its ticks so far in this hold are 0
            ticksAtHoldStart = 0;
        }
        return c;
    }

    /** Total ticks of this thread over all loops. */
    long ticks() {
        long sum = 0;
        for (LoopCounter c : loopCounters) {
            if (c != null) {
                sum += c.ticks;
            }
        }
        return sum;
    }

    /** The thread's current name if it is alive, else the name it had when gilprobe first saw it. */
    String name() {
        if (folded > 0) {
            return "(" + folded + " ended threads, merged)";
        }
        Thread t = ownerThread;
        return t != null ? t.getName() : initialName;
    }

    /** For the aggregate of ended threads: how many it holds. */
    int folded;

    /** The aggregate that ended threads are merged into (id -1), so that thousands of them stay bounded. */
    static ThreadState endedThreads(int index) {
        return new ThreadState(index);
    }

    private ThreadState(int index) {
        this.recording = null; // never a thread's current state
        this.ownerThread = null;
        this.threadId = -1;
        this.initialName = "(ended threads)";
        this.index = index;
        this.agentThread = false;
        this.timeline = null;
    }

    /** Adds the numbers of {@code dead}, a thread that has ended (so nothing writes them any more). */
    void absorb(ThreadState dead) {
        folded++;
        dead.counts.addTo(counts);
        HandoffCounts theirHandoffs = dead.handoffs;
        for (int i = 0; i < theirHandoffs.size(); i++) {
            handoffs = handoffs.add(theirHandoffs.from[i], theirHandoffs.count[i]);
        }
        if (dead.hold != null) {
            if (hold == null) {
                hold = Histograms.newNanos();
                wait = Histograms.newNanos();
            }
            hold.add(dead.hold);
            wait.add(dead.wait);
        }
        if (dead.ticksPerHold != null) {
            if (ticksPerHold == null) {
                ticksPerHold = Histograms.newTicks();
            }
            ticksPerHold.add(dead.ticksPerHold);
        }
        LoopCounter[] theirs = dead.loopCounters;
        for (int id = 0; id < theirs.length; id++) {
            LoopCounter c = theirs[id];
            if (c == null) {
                continue;
            }
            LoopCounter mine = existingCounter(id);
            if (mine == null) {
                mine = newCounter(id, c.cases == null ? null : DispatchLoops.caseSlots(id));
            }
            mine.ticks += c.ticks;
            if (c.cases != null && mine.cases != null) {
                for (int k = 0; k < Math.min(c.cases.length, mine.cases.length); k++) {
                    mine.cases[k] += c.cases[k];
                }
            }
        }
    }

    boolean alive() {
        Thread t = ownerThread;
        return t != null && t.isAlive();
    }
}
