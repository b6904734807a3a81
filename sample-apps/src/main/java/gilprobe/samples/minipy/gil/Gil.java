package gilprobe.samples.minipy.gil;

/**
 * A global interpreter lock: while a thread holds it, it alone runs bytecode.
 *
 * <p>Protocol (the interpreter keeps it; a profiler relies on it, designating the lock as
 * {@code acquire=gilprobe.samples.minipy.gil.Gil#acquire,release=gilprobe.samples.minipy.gil.Gil#release}):
 * <ol>
 *   <li>A Python thread calls {@link #acquire()} before it runs its first instruction and after
 *       every blocking call (sleep, join, I/O); it calls {@link #release()} before every
 *       blocking call and when it ends.</li>
 *   <li>The holder polls {@link #dropRequested()} every {@link #checkInterval()} instructions;
 *       when it answers true, the holder calls {@code release()} and then {@code acquire()}.</li>
 *   <li>Nothing else calls {@code acquire()} or {@code release()}, and the two never call each
 *       other. So the time inside {@code acquire()} is waiting for the GIL, and the time from
 *       its return to the entry of {@code release()} is holding it.</li>
 *   <li>{@code acquire()} is never called by the holder, {@code release()} only by the holder.</li>
 * </ol>
 * With {@code --gil none} there is no Gil object at all and none of this happens.
 */
public interface Gil {
    /** Blocks until the calling thread holds the GIL. */
    void acquire();

    /** Gives the GIL up. Only the holder calls it. */
    void release();

    /** Instructions the holder runs between two polls of {@link #dropRequested()} (1 = every one). */
    int checkInterval();

    /** Polled by the holder: true when it must release the GIL now (and then acquire it again). */
    boolean dropRequested();

    /** {@code old}, {@code new} or {@code fair}: the {@code --gil} value that selects this policy. */
    String name();

    /** What this policy counted itself. Meant to be read when no thread uses the GIL any more. */
    GilStats.Snapshot stats();
}
