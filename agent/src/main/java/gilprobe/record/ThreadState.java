package gilprobe.record;

/**
 * Everything gilprobe records about one thread: who it is, its dispatch ticks, and its use of each
 * designated lock ({@link LockUse}, one per lock it has taken).
 *
 * <p><b>Single writer.</b> Only the owning thread records into it (no lock, no allocation after its
 * first use of each lock and loop); readers ({@link Recording#snapshot}) copy racily, exact once the
 * thread has ended.
 */
public final class ThreadState {
    /**
     * The thread, strongly held: the probes' "is it me?" is then one comparison. It keeps an ended thread's
     * small {@code Thread} object alive as long as this state is kept (a bounded number of states, see
     * {@link Recording}: ended threads beyond it are merged and their states dropped).
     */
    final Thread ownerThread;
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
    /**
     * uses[designation]: this thread's use of each designated lock, created on its first probe of it; with
     * {@code find=true}, then of each candidate group ({@link Candidates}).
     */
    final LockUse[] uses;
    /** How many of {@link #uses} are designated locks (the rest are candidate groups). */
    private final int designatedLocks;
    /** Whether this thread's uses get a timeline lane (decided by the recording when the thread registered). */
    final boolean timelineLane;

    // ---- dispatch loops
    /** loopCounters[loopId], created on the thread's first tick in that loop. */
    LoopCounter[] loopCounters = new LoopCounter[0];
    int loopsUsed;

    ThreadState(Thread thread, int index, boolean agentThread, boolean timelineLane, int locks, Recording recording) {
        this(thread, index, agentThread, timelineLane, locks, locks, recording);
    }

    /** {@code uses} designations in all: {@code locks} designated locks, then candidate groups. */
    ThreadState(Thread thread, int index, boolean agentThread, boolean timelineLane, int locks, int uses,
                Recording recording) {
        this.designatedLocks = locks;
        this.recording = recording;
        this.ownerThread = thread;
        this.threadId = thread.getId();
        this.initialName = thread.getName();
        this.index = index;
        this.agentThread = agentThread;
        this.timelineLane = timelineLane;
        this.uses = new LockUse[uses];
    }

    /** This thread's use of designated lock {@code designation}, created on first call. */
    public LockUse use(int designation) {
        LockUse u = uses[designation];
        return u != null ? u : newUse(designation);
    }

    private LockUse newUse(int designation) {
        // a candidate group of find=true (beyond the designated locks): no timeline lane, coarse histograms
        boolean candidate = designation >= designatedLocks;
        TimelineBuffer lane = null;
        TimelineBuckets buckets = null;
        if (timelineLane && recording != null && !candidate) {
            lane = new TimelineBuffer(recording.settings().timelinePerThread());
            buckets = new TimelineBuckets(recording.startNanos());
        }
        LockUse u = new LockUse(this, designation, lane, buckets, candidate);
        uses[designation] = u;
        return u;
    }

    /** Whether the calling thread is this state's thread. */
    public boolean isCurrentThread() {
        return ownerThread == Thread.currentThread();
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
        if (loopsUsed == 1) {
            // first loop of a thread that already holds a lock: its ticks so far in that hold are 0
            for (LockUse u : uses) {
                if (u != null && u.depth > 0) {
                    u.ticksAtHoldStart = 0;
                }
            }
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
    static ThreadState endedThreads(int index, int locks, int uses) {
        return new ThreadState(index, locks, uses);
    }

    private ThreadState(int index, int locks, int uses) {
        this.designatedLocks = locks;
        this.recording = null; // never a thread's current state
        this.ownerThread = null;
        this.threadId = -1;
        this.initialName = "(ended threads)";
        this.index = index;
        this.agentThread = false;
        this.uses = new LockUse[uses];
        this.timelineLane = false;
    }

    /** Adds the numbers of {@code dead}, a thread that has ended (so nothing writes them any more). */
    void absorb(ThreadState dead) {
        folded++;
        LockUse[] theirUses = dead.uses;
        for (int i = 0; i < theirUses.length && i < uses.length; i++) {
            if (theirUses[i] != null) {
                use(i).absorb(theirUses[i]);
            }
        }
        LoopCounter[] theirs = dead.loopCounters;
        for (int id = 0; id < theirs.length; id++) {
            LoopCounter c = theirs[id];
            if (c == null) {
                continue;
            }
            LoopCounter mine = existingCounter(id);
            if (mine == null) {
                mine = newCounter(id, c.perCase ? DispatchLoops.caseSlots(id) : null);
            }
            mine.ticks += c.ticks;
            if (c.perCase && mine.perCase) {
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
