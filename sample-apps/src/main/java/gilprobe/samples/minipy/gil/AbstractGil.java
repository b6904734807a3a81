package gilprobe.samples.minipy.gil;

/** What all policies share: their statistics and the test observer. */
public abstract class AbstractGil implements Gil {
    protected final GilStats stats = new GilStats(name());
    private GilObserver observer;

    /**
     * Test hook: the observer is told of every acquisition and release. Set it before any
     * thread uses the GIL (thread start publishes it).
     */
    public final void setObserver(GilObserver observer) {
        this.observer = observer;
    }

    /** Call last in {@code acquire()}, holding the GIL. */
    protected final void notifyAcquired() {
        GilObserver o = observer;
        if (o != null) o.acquired(Thread.currentThread());
    }

    /** Call first in {@code release()}, still holding the GIL. */
    protected final void notifyReleasing() {
        GilObserver o = observer;
        if (o != null) o.releasing(Thread.currentThread());
    }

    /**
     * Waits on a monitor the caller holds. A GIL wait, like a pthread condition wait, cannot be
     * interrupted: an interrupt ends this wait early (the caller's loop re-checks its
     * condition) and is reported so that the caller can restore it once it holds the GIL.
     *
     * @return true when the thread was interrupted
     */
    static boolean await(Object monitor) {
        try {
            monitor.wait();
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }
}
