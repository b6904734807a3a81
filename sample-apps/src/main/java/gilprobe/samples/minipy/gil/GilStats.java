package gilprobe.samples.minipy.gil;

/**
 * Counters a GIL policy keeps about itself, to cross-check a profiler. Not thread-safe: each
 * policy updates them under its own mutex (see {@link #acquired}) or, for
 * {@link #dropRequest()}, as documented by the policy.
 */
public final class GilStats {
    private final String policy;
    private long acquisitions;
    private long contended;
    private long handoffs;
    private long selfReacquires;
    private long unfairSelfReacquires;
    private long waitNanos;
    private long dropRequests;
    private long forcedSwitchWaits;
    private Thread lastHolder;

    GilStats(String policy) {
        this.policy = policy;
    }

    /**
     * Records one acquisition by {@code thread}.
     *
     * @param contended     another thread held the GIL when {@code thread} asked for it
     * @param waitedNanos   time spent waiting (0 when not contended)
     * @param othersWaiting other threads were waiting when {@code thread} took the GIL
     */
    void acquired(Thread thread, boolean contended, long waitedNanos, boolean othersWaiting) {
        acquisitions++;
        if (contended) {
            this.contended++;
            waitNanos += waitedNanos;
        }
        if (lastHolder == thread) {
            selfReacquires++;
            if (othersWaiting) unfairSelfReacquires++;
        } else if (lastHolder != null) {
            handoffs++;
        }
        lastHolder = thread;
    }

    /** The holder was asked to drop the GIL (meaning per policy: see each policy's javadoc). */
    void dropRequest() {
        dropRequests++;
    }

    /** A releasing thread waited for another thread to take the GIL (new GIL's FORCE_SWITCHING). */
    void forcedSwitchWait() {
        forcedSwitchWaits++;
    }

    Snapshot snapshot() {
        return new Snapshot(policy, acquisitions, contended, handoffs, selfReacquires, unfairSelfReacquires,
                waitNanos, dropRequests, forcedSwitchWaits);
    }

    /**
     * @param handoffs             acquisitions by a thread other than the previous holder
     * @param selfReacquires       acquisitions by the previous holder
     * @param unfairSelfReacquires self re-acquisitions while other threads were waiting
     * @param waitNanos            total time contended acquisitions waited
     */
    public record Snapshot(String policy, long acquisitions, long contended, long handoffs, long selfReacquires,
                           long unfairSelfReacquires, long waitNanos, long dropRequests, long forcedSwitchWaits) {
        /** The {@code --stats} line. */
        public String format() {
            return "minipy: gil=" + policy + " acquisitions=" + acquisitions + " contended=" + contended
                    + " handoffs=" + handoffs + " self_reacquires=" + selfReacquires
                    + " unfair_self_reacquires=" + unfairSelfReacquires + " drop_requests=" + dropRequests
                    + " forced_switch_waits=" + forcedSwitchWaits
                    + " wait_ms=" + String.format(java.util.Locale.ROOT, "%.3f", waitNanos / 1e6);
        }
    }
}
