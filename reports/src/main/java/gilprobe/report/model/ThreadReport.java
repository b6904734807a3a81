package gilprobe.report.model;

/**
 * One thread's use of the designated lock.
 *
 * @param holdTimes           JSON {@code hold}: distribution of hold times
 * @param waitTimes           JSON {@code wait}: distribution of wait times ({@code wait} is not a legal record component name)
 * @param ticksHeld           dispatch-loop ticks this thread executed while holding the lock
 * @param ticksNotHeld        dispatch-loop ticks this thread executed while not holding it
 * @param conditionWaitNanos  extension: time inside {@code wait()}/{@code await()} on the lock
 * @param selfReacquire       extension: acquisitions by this thread that followed its own release
 * @param unfairSelfReacquire extension: the part of {@code selfReacquire} taken while others waited
 * @param alive               extension: whether the thread was still running at the snapshot
 */
public record ThreadReport(String name, long id, long acquisitions, long contendedAcquisitions, long heldNanos,
                           long waitNanos, Dist holdTimes, Dist waitTimes, long ticksHeld, long ticksNotHeld,
                           long conditionWaitNanos, long selfReacquire, long unfairSelfReacquire, boolean alive) {

    /**
     * This thread's numbers as a verdict input, named {@code id}/{@code name}, with its span as {@code span}
     * gives it (see {@link Timeline#spans}; null: the whole run of {@code runNanos}, start unknown). Its start
     * is passed on only when {@code onTheStretchClock}: the spans of a merged report come from different JVMs'
     * clocks, so there only their lengths mean something.
     */
    public gilprobe.report.verdict.VerdictInput.ThreadInput verdictInput(long id, String name, long[] span, long runNanos,
                                                                         boolean onTheStretchClock) {
        Dist hold = holdTimes == null ? Dist.empty() : holdTimes;
        Dist wait = waitTimes == null ? Dist.empty() : waitTimes;
        gilprobe.report.verdict.VerdictInput.SpanSource source = span == null
                ? gilprobe.report.verdict.VerdictInput.SpanSource.RUN
                : span[2] == 1 ? gilprobe.report.verdict.VerdictInput.SpanSource.BUCKETS
                : gilprobe.report.verdict.VerdictInput.SpanSource.TIMELINE;
        return new gilprobe.report.verdict.VerdictInput.ThreadInput(id, name, acquisitions, contendedAcquisitions,
                heldNanos, waitNanos, conditionWaitNanos, span != null ? Math.max(1, span[1] - span[0]) : runNanos,
                source, ticksHeld, ticksNotHeld, hold.count(), hold.p50(), wait.count(), wait.p50(),
                span != null && onTheStretchClock ? Math.max(0, span[0]) : -1);
    }
}
