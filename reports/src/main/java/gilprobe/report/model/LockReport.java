package gilprobe.report.model;

import java.util.List;

import gilprobe.report.verdict.Verdict;

/**
 * The designated lock: totals over all threads, and each thread's share.
 *
 * @param spec                 the designation as given, e.g. {@code monitor=a.B.LOCK}
 * @param kind                 {@code "monitor"}, {@code "lock"} or {@code "methods"}
 * @param holdTimes            JSON {@code hold}: distribution of hold times
 * @param waitTimes            JSON {@code wait}: distribution of wait times
 * @param utilization          {@code heldNanos / run.durationNanos}
 * @param conditionWaits       extension: number of {@code wait()}/{@code await()} calls on the lock
 * @param ticksPerHold         extension: dispatch ticks executed per hold (the effective check
 *                             interval); empty when no dispatch loop ran under the lock
 * @param acquired             extension: false when the lock was never acquired
 * @param suggestions          extension: when never acquired, the most-used monitors seen, as
 *                             ready-to-use option values; otherwise empty
 * @param instances            extension: distinct objects designated (an instance field may hold several)
 * @param verdict              extension: what the report concludes about this lock, computed once by
 *                             {@link gilprobe.report.verdict.Verdicts}; null in a lock built on its own,
 *                             filled in by the {@link Report} that holds it
 * @param timeline             extension: this lock's own timeline (the same shape as the report's), or
 *                             null. In JSON the first lock's is the report's top-level {@code timeline}
 *                             (the contract's place for it) and each further lock's is {@code locks[i].timeline}
 */
public record LockReport(String spec, String kind, long acquisitions, long contendedAcquisitions, long heldNanos,
                         long waitNanos, long conditionWaitNanos, double utilization, Handoffs handoffs,
                         Dist holdTimes, Dist waitTimes, List<ThreadReport> threads, long conditionWaits, Dist ticksPerHold,
                         boolean acquired, List<Suggestion> suggestions, int instances, Verdict verdict,
                         Timeline timeline) {
    public LockReport {
        threads = List.copyOf(threads);
        suggestions = List.copyOf(suggestions);
    }

    /** A lock with a verdict and no timeline of its own. */
    public LockReport(String spec, String kind, long acquisitions, long contendedAcquisitions, long heldNanos,
                      long waitNanos, long conditionWaitNanos, double utilization, Handoffs handoffs,
                      Dist holdTimes, Dist waitTimes, List<ThreadReport> threads, long conditionWaits, Dist ticksPerHold,
                      boolean acquired, List<Suggestion> suggestions, int instances, Verdict verdict) {
        this(spec, kind, acquisitions, contendedAcquisitions, heldNanos, waitNanos, conditionWaitNanos, utilization,
                handoffs, holdTimes, waitTimes, threads, conditionWaits, ticksPerHold, acquired, suggestions, instances,
                verdict, null);
    }

    /** A lock without its verdict yet: the {@link Report} that holds it computes one. */
    public LockReport(String spec, String kind, long acquisitions, long contendedAcquisitions, long heldNanos,
                      long waitNanos, long conditionWaitNanos, double utilization, Handoffs handoffs,
                      Dist holdTimes, Dist waitTimes, List<ThreadReport> threads, long conditionWaits, Dist ticksPerHold,
                      boolean acquired, List<Suggestion> suggestions, int instances) {
        this(spec, kind, acquisitions, contendedAcquisitions, heldNanos, waitNanos, conditionWaitNanos, utilization,
                handoffs, holdTimes, waitTimes, threads, conditionWaits, ticksPerHold, acquired, suggestions, instances, null,
                null);
    }

    /** This lock with {@code v} as its verdict. */
    public LockReport withVerdict(Verdict v) {
        return new LockReport(spec, kind, acquisitions, contendedAcquisitions, heldNanos, waitNanos, conditionWaitNanos,
                utilization, handoffs, holdTimes, waitTimes, threads, conditionWaits, ticksPerHold, acquired, suggestions,
                instances, v, timeline);
    }

    /** This lock with {@code t} as its own timeline. */
    public LockReport withTimeline(Timeline t) {
        return new LockReport(spec, kind, acquisitions, contendedAcquisitions, heldNanos, waitNanos, conditionWaitNanos,
                utilization, handoffs, holdTimes, waitTimes, threads, conditionWaits, ticksPerHold, acquired, suggestions,
                instances, verdict, t);
    }

    /**
     * Amdahl's bound on speedup this lock allows: {@code 1 / utilization} (infinite when unused); the verdict's
     * {@code speedupCap} is the same number.
     */
    public double speedupBound() {
        return utilization <= 0 ? Double.POSITIVE_INFINITY : 1.0 / utilization;
    }

    /** A monitor the target used often, as an option value ({@code monitor=...}), with its acquisitions. */
    public record Suggestion(String option, String site, long acquisitions) {
    }
}
