package gilprobe.samples.minipy.gil;

/**
 * The Python 2 GIL: a lock made of a monitor and a {@code locked} flag, released and
 * re-acquired by the holder every {@code checkInterval} instructions ("ticks", default 100,
 * {@code sys.setcheckinterval}) whether or not another thread waits.
 *
 * <p>There is no handoff: {@link #release()} only notifies one waiter, and the releasing
 * thread, already running, usually takes the lock again before the woken thread is scheduled.
 * On a multi-core machine the waiter wakes up, finds the GIL taken again, and goes back to
 * sleep: Beazley's "GIL battle". {@code unfair_self_reacquires} in the stats counts it.
 *
 * <p>{@code drop_requests} counts the periodic checks (each one is a release and re-acquire),
 * written by the holder only.
 */
public final class OldGil extends AbstractGil {
    private final int checkInterval;
    private final Object mutex = new Object();
    /** Guarded by mutex. */
    private boolean locked;
    /** Threads inside acquire() waiting for the flag; guarded by mutex. */
    private int waiters;

    public OldGil(int checkInterval) {
        if (checkInterval < 1) throw new IllegalArgumentException("check interval must be >= 1");
        this.checkInterval = checkInterval;
    }

    @Override
    public void acquire() {
        Thread me = Thread.currentThread();
        boolean interrupted = false;
        synchronized (mutex) {
            boolean contended = locked;
            long start = contended ? System.nanoTime() : 0;
            if (contended) {
                waiters++;
                while (locked) interrupted |= await(mutex);
                waiters--;
            }
            locked = true;
            stats.acquired(me, contended, contended ? System.nanoTime() - start : 0, waiters > 0);
        }
        if (interrupted) me.interrupt();
        notifyAcquired();
    }

    @Override
    public void release() {
        notifyReleasing();
        synchronized (mutex) {
            locked = false;
            mutex.notify();
        }
    }

    @Override
    public int checkInterval() {
        return checkInterval;
    }

    /** Always: Python 2 released the GIL at every check, contended or not. */
    @Override
    public boolean dropRequested() {
        stats.dropRequest();
        return true;
    }

    @Override
    public String name() {
        return "old";
    }

    @Override
    public GilStats.Snapshot stats() {
        synchronized (mutex) {
            return stats.snapshot();
        }
    }
}
