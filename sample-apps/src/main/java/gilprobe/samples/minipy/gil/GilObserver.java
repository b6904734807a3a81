package gilprobe.samples.minipy.gil;

/**
 * Test hook: told about every acquisition and release, by the thread concerned, while that
 * thread holds the GIL. Calls are therefore serialised by the GIL itself, in acquisition order.
 */
public interface GilObserver {
    /** The calling thread has just acquired the GIL. */
    void acquired(Thread thread);

    /** The calling thread is about to release the GIL. */
    void releasing(Thread thread);
}
