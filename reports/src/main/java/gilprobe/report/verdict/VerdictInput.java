package gilprobe.report.verdict;

import java.util.List;

/**
 * What a verdict is computed from: one lock over one stretch of wall time (a whole run, or one interval of
 * {@code interval=}), as plain numbers, so that the report model and the agent's interval summaries feed
 * the same rules ({@link Verdicts#of}). Durations in nanoseconds, counts exact.
 *
 * @param spec            the lock's designation, for the never-acquired sentence
 * @param acquired        false when the lock was never acquired at all (not just in this stretch)
 * @param hasSuggestions  whether the report lists monitors to designate instead (never-acquired sentence)
 * @param wallNanos       the stretch's wall time: the denominator of utilization and of every "on average"
 * @param cores           processors available to the JVM
 * @param objects         distinct objects designated (an instance field may hold several); at least 1
 * @param acquisitions    acquisitions of the lock in the stretch, all threads
 * @param contendedAcquisitions the part of them that found the lock taken, or were overtaken
 * @param heldNanos       total hold time in the stretch, all threads and objects
 * @param toOtherThread   acquisitions whose previous holder was another thread
 * @param selfReacquire   acquisitions by the thread that released it last
 * @param unfairSelfReacquire the part of {@code selfReacquire} taken while another thread waited
 * @param threads         every thread that used the lock in the stretch, with its own numbers
 */
public record VerdictInput(String spec, boolean acquired, boolean hasSuggestions, long wallNanos, int cores, int objects,
                           long acquisitions, long contendedAcquisitions, long heldNanos, long toOtherThread,
                           long selfReacquire, long unfairSelfReacquire, List<ThreadInput> threads, Phases phases) {
    public VerdictInput {
        threads = List.copyOf(threads);
    }

    /** A stretch without its time resolved in phases: the what-if schedules all the work at once. */
    public VerdictInput(String spec, boolean acquired, boolean hasSuggestions, long wallNanos, int cores, int objects,
                        long acquisitions, long contendedAcquisitions, long heldNanos, long toOtherThread,
                        long selfReacquire, long unfairSelfReacquire, List<ThreadInput> threads) {
        this(spec, acquired, hasSuggestions, wallNanos, cores, objects, acquisitions, contendedAcquisitions, heldNanos,
                toOtherThread, selfReacquire, unfairSelfReacquire, threads, null);
    }

    /**
     * The stretch in time buckets (the report's {@code timeline.buckets}): per thread, the nanoseconds it held,
     * waited for and waited on the lock in each bucket {@code k}, which covers {@code [k × bucketNanos,
     * (k + 1) × bucketNanos)} from the stretch's start. With them the what-if schedules the work phase by
     * phase ({@link WhatIfs}): a main thread that holds the lock alone while the program starts cannot
     * share the cores with the workers that come after it.
     *
     * @param bucketNanos the width of a bucket
     * @param held        thread id to its held nanoseconds per bucket (all arrays of one length)
     * @param waiting     thread id to its waiting nanoseconds per bucket
     * @param conditionWait thread id to its condition-wait nanoseconds per bucket
     */
    public record Phases(long bucketNanos, java.util.Map<Long, long[]> held, java.util.Map<Long, long[]> waiting,
                         java.util.Map<Long, long[]> conditionWait) {
        public Phases {
            held = java.util.Map.copyOf(held);
            waiting = java.util.Map.copyOf(waiting);
            conditionWait = java.util.Map.copyOf(conditionWait);
        }
    }

    /** Where a thread's span comes from. */
    public enum SpanSource {
        /** from the start of its first timeline interval to the end of its last: the timeline kept every event */
        TIMELINE("timeline"),
        /**
         * from the start of its first whole-run bucket with any state to the end of its last (at most the run's
         * end): the timeline dropped events but has {@code timeline.buckets}
         */
        BUCKETS("buckets"),
        /** the whole run: the timeline dropped events or has no lane for the thread, so its lifetime is unknown */
        RUN("run"),
        /** one interval of {@code interval=}: the thread used the lock during it */
        INTERVAL("interval");

        final String json;

        SpanSource(String json) {
            this.json = json;
        }
    }

    /**
     * One thread's use of the lock in the stretch.
     *
     * @param spanNanos     how long the thread was there to use the lock (see {@link SpanSource}); a span
     *                      shorter than the thread's own hold + wait + condition wait is taken as that sum
     * @param ticksHeld     dispatch-loop ticks run while holding the lock (0 when no loop ran)
     * @param ticksNotHeld  dispatch-loop ticks run without it
     * @param holds         holds completed (for the convoy rule)
     * @param holdP50       median hold time
     * @param waits         waits recorded
     * @param waitP50       median wait time
     * @param spanStartNanos where the span starts, from the start of the stretch, or -1 when unknown (a span of
     *                      the whole run or interval); with every user's start known, the part of the stretch
     *                      before the first and after the last use of the lock is known too (the what-if keeps
     *                      it as it was)
     */
    public record ThreadInput(long id, String name, long acquisitions, long contendedAcquisitions, long heldNanos,
                              long waitNanos, long conditionWaitNanos, long spanNanos, SpanSource spanSource,
                              long ticksHeld, long ticksNotHeld, long holds, long holdP50, long waits, long waitP50,
                              long spanStartNanos) {
        /** A thread whose span's start is unknown. */
        public ThreadInput(long id, String name, long acquisitions, long contendedAcquisitions, long heldNanos,
                           long waitNanos, long conditionWaitNanos, long spanNanos, SpanSource spanSource,
                           long ticksHeld, long ticksNotHeld, long holds, long holdP50, long waits, long waitP50) {
            this(id, name, acquisitions, contendedAcquisitions, heldNanos, waitNanos, conditionWaitNanos, spanNanos,
                    spanSource, ticksHeld, ticksNotHeld, holds, holdP50, waits, waitP50, -1);
        }
    }
}
