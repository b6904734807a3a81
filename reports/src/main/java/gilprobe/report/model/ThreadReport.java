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
}
