package gilprobe.report.verdict;

import java.util.List;

/**
 * What a report concludes about one lock: the numbers that measure its cost and the diagnoses whose
 * conditions those numbers meet, in words. Computed only by {@link Verdicts#of}; written into the report
 * JSON as {@code locks[i].verdict}, which the HTML page shows as it is. The definitions of every number and
 * the rule of every diagnosis are on {@link Verdicts} and in docs/design.md ("Verdict").
 *
 * <p>Ratios are fractions (0.25 = 25%). A ratio whose denominator is 0 is 0, except {@code speedupCap},
 * which is infinite for a lock never held (written as JSON {@code null}).
 *
 * @param diagnosis            code of the first diagnosis: {@code gil-battle}, {@code convoy}, {@code serial},
 *                             {@code contention}, {@code no-contention} or {@code never-acquired}
 * @param severity             the first diagnosis's: {@code bad}, {@code warn} or {@code good}
 * @param headline             the first diagnosis in one line: its title, a space, its text
 * @param summary              the numbers in one paragraph; empty when the lock was never acquired
 * @param diagnoses            every diagnosis whose conditions hold, most important first (never empty)
 * @param threadCount          threads that used the lock: acquired, held or waited for it
 * @param cores                processors available to the JVM
 * @param objects              designated objects (1 unless an instance field held several)
 * @param utilization          hold time / wall time
 * @param speedupCap           1 / utilization: Amdahl's bound on the speedup of the run
 * @param waitShare            Σ wait / Σ (work + wait) over the threads: of the time they wanted to run, the
 *                             share they spent waiting for the lock
 * @param unheldWaitShare      Σ wait / (Σ wait + Σ work without the lock): of the time threads wanted to run
 *                             but did not hold the lock, the share spent waiting for it
 * @param threadsWaiting       Σ wait / wall time: threads waiting for the lock at an average moment
 * @param effectiveParallelism min(cores, Σ work / wall time): threads doing work at an average moment
 * @param coresLost            min(cores, Σ work / predicted) − effectiveParallelism: the cores the threads' work
 *                             would have kept busy without the lock ({@link WhatIf}) that it did not: idle while
 *                             threads waited for the lock or spent handing it over
 * @param contendedShare       contended acquisitions / acquisitions
 * @param selfReacquireRate    self re-acquires / acquisitions
 * @param unfairRate           unfair self re-acquires / acquisitions
 * @param handoffRate          handoffs to another thread / acquisitions
 * @param spanSource           where the threads' spans come from: {@code timeline}, {@code run},
 *                             {@code interval}, or {@code mixed}
 * @param workSource           how work without the lock was estimated: {@code ticks} (dispatch ticks at the
 *                             rate of the holds), {@code span} (every moment of the span not holding, waiting
 *                             or condition-waiting: an upper estimate) or {@code mixed}
 * @param convoy               the convoy found, or null
 * @param threads              each thread's numbers, in the order of the threads given (every thread, users
 *                             or not)
 * @param whatIf               the stretch without the lock's cost (JSON {@code locks[i].whatIf}, beside the
 *                             verdict), or null in a verdict read from a report written before it existed
 */
public record Verdict(String diagnosis, String severity, String headline, String summary, List<Diagnosis> diagnoses,
                      int threadCount, int cores, int objects, double utilization, double speedupCap,
                      double waitShare, double unheldWaitShare, double threadsWaiting, double effectiveParallelism,
                      double coresLost, double contendedShare, double selfReacquireRate, double unfairRate,
                      double handoffRate, String spanSource, String workSource, Convoy convoy,
                      List<ThreadNumbers> threads, WhatIf whatIf) {
    public Verdict {
        diagnoses = List.copyOf(diagnoses);
        threads = List.copyOf(threads);
    }

    /** A verdict without a what-if (as read from a report written before it existed). */
    public Verdict(String diagnosis, String severity, String headline, String summary, List<Diagnosis> diagnoses,
                   int threadCount, int cores, int objects, double utilization, double speedupCap,
                   double waitShare, double unheldWaitShare, double threadsWaiting, double effectiveParallelism,
                   double coresLost, double contendedShare, double selfReacquireRate, double unfairRate,
                   double handoffRate, String spanSource, String workSource, Convoy convoy,
                   List<ThreadNumbers> threads) {
        this(diagnosis, severity, headline, summary, diagnoses, threadCount, cores, objects, utilization, speedupCap,
                waitShare, unheldWaitShare, threadsWaiting, effectiveParallelism, coresLost, contendedShare,
                selfReacquireRate, unfairRate, handoffRate, spanSource, workSource, convoy, threads, null);
    }

    /** This verdict with {@code w} as its what-if. */
    public Verdict withWhatIf(WhatIf w) {
        return new Verdict(diagnosis, severity, headline, summary, diagnoses, threadCount, cores, objects, utilization,
                speedupCap, waitShare, unheldWaitShare, threadsWaiting, effectiveParallelism, coresLost, contendedShare,
                selfReacquireRate, unfairRate, handoffRate, spanSource, workSource, convoy, threads, w);
    }

    /** A known pattern whose conditions the numbers meet: code, severity, a short title and a sentence or two. */
    public record Diagnosis(String code, String severity, String title, String text) {
        /** Title and text in one line. */
        public String line() {
            return title + " " + text;
        }
    }

    /**
     * The convoy: thread {@code threadId} holds briefly ({@code holdP50}) but waits about as long as thread
     * {@code byThreadId}'s holds ({@code byHoldP50}) each time it asks ({@code waitP50}).
     */
    public record Convoy(long threadId, String thread, long holdP50, long waitP50, long byThreadId, String byThread,
                         long byHoldP50) {
    }

    /**
     * One thread's numbers, defined as the lock's ({@link Verdicts}).
     *
     * @param spanNanos      the span used (at least hold + wait + condition wait)
     * @param workNanos      hold time plus the estimated work without the lock
     * @param waitShare      wait / (work + wait)
     * @param heldShare      hold time / wall time
     * @param contendedShare contended acquisitions / acquisitions
     */
    public record ThreadNumbers(long id, long spanNanos, long workNanos, double waitShare, double heldShare,
                                double contendedShare) {
    }
}
