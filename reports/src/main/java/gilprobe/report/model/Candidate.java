package gilprobe.report.model;

/**
 * Extension {@code candidates[i]}: one lock that {@code find=true} measured without it being designated,
 * with the numbers that rank it. Objects are grouped by where they live: a static field, an instance field of
 * a class (every object that field held), a {@code Class} object, or else the object's class (docs/design.md,
 * "Finding the lock: find=true"). The numbers are counted by the same rules as a designated lock's, from the
 * moment the agent first saw the object.
 *
 * @param spec                  an option that designates exactly this lock, to paste into the next run
 *                              ({@code monitor=a.B.f}, {@code monitor=a.B}, {@code lock=a.B.f}); "" when no
 *                              option can (a {@code synchronized (this)}, a local variable, a parameter)
 * @param kind                  {@code "monitor"} or {@code "lock"}
 * @param name                  what the lock is, in words: where its objects live, or their class and the
 *                              site that used them most
 * @param acquisitions          outermost acquires, returns from {@code wait()}/{@code await()} included
 * @param contendedAcquisitions acquisitions that found the lock held by another thread or were overtaken
 * @param heldNanos             total hold time
 * @param waitNanos             total time waiting to acquire
 * @param conditionWaitNanos    total time inside {@code wait()}/{@code await()} on it
 * @param blockedNanos          {@code waitNanos + conditionWaitNanos}: the time threads spent blocked on this
 *                              lock; candidates are ranked by it, largest first
 * @param utilization           {@code heldNanos / run.durationNanos}; up to {@code instances} for a group of
 *                              several objects held at once
 * @param threads               threads that used it (acquired, held or waited)
 * @param blockedThreads        extension: threads among those that waited to acquire it or in
 *                              {@code wait()}/{@code await()} on it
 * @param instances             extension: distinct objects in the group (an instance field, or a class, may
 *                              hold several)
 * @param site                  extension: the site that requested it most, e.g.
 *                              {@code synchronized block a.B.run:12}, or ""
 */
public record Candidate(String spec, String kind, String name, long acquisitions, long contendedAcquisitions,
                        long heldNanos, long waitNanos, long conditionWaitNanos, long blockedNanos, double utilization,
                        int threads, int blockedThreads, int instances, String site) {
}
