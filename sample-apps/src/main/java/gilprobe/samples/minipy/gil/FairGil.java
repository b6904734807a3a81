package gilprobe.samples.minipy.gil;

/**
 * A fair GIL: a ticket lock built from a monitor, a {@code locked} flag and two counters.
 * Each {@link #acquire()} draws a ticket and waits until its number is served, so the GIL
 * always goes to the longest waiter (FIFO), and a releasing thread that wants it back queues
 * behind everybody already waiting.
 *
 * <p>The holder offers the GIL every {@code checkInterval} instructions: {@link #dropRequested()}
 * is true when somebody waits. With two CPU-bound threads that means a real handoff, with an OS
 * wake-up, every {@code checkInterval} instructions: fairness costs throughput. A thread counts
 * as waiting from the moment it is inside {@code acquire()}; one that the OS preempted between
 * its release and its next acquire is not waiting yet, and the holder keeps going until then.
 *
 * <p>{@code drop_requests} counts the offers that found a waiter, written by the holder only.
 */
public final class FairGil extends AbstractGil {
    private final int checkInterval;
    private final Object mutex = new Object();
    /** Guarded by mutex. */
    private boolean locked;
    /** Next ticket to draw; guarded by mutex. */
    private long nextTicket;
    /** The ticket allowed to take the GIL next; guarded by mutex. */
    private long nowServing;
    /** Threads waiting in acquire(); written under mutex, read by the holder without it. */
    private volatile int waiters;

    public FairGil(int checkInterval) {
        if (checkInterval < 1) throw new IllegalArgumentException("check interval must be >= 1");
        this.checkInterval = checkInterval;
    }

    @Override
    public void acquire() {
        Thread me = Thread.currentThread();
        boolean interrupted = false;
        synchronized (mutex) {
            long ticket = nextTicket++;
            boolean contended = locked || ticket != nowServing;
            long start = contended ? System.nanoTime() : 0;
            if (contended) {
                waiters++;
                while (locked || ticket != nowServing) interrupted |= await(mutex);
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
            nowServing++;
            // the served ticket may belong to any waiter: wake them all, the others sleep again
            mutex.notifyAll();
        }
    }

    @Override
    public int checkInterval() {
        return checkInterval;
    }

    @Override
    public boolean dropRequested() {
        if (waiters > 0) {
            stats.dropRequest();
            return true;
        }
        return false;
    }

    @Override
    public String name() {
        return "fair";
    }

    @Override
    public GilStats.Snapshot stats() {
        synchronized (mutex) {
            return stats.snapshot();
        }
    }

    /** Test hook: threads currently waiting in acquire(). */
    public int waiting() {
        return waiters;
    }
}
