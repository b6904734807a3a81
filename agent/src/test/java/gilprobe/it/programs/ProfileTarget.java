package gilprobe.it.programs;

/**
 * A run whose profile is known: the main thread holds {@code LOCK} for 1 s of CPU time spinning in
 * {@link #spinHolding}, while thread "waiter" waits for it from 0.2 s on (blocked in {@link #waitForLock}
 * for the rest of the hold); then main spins 0.5 s of CPU time in {@link #spinFree} without the lock.
 * CPU time, not wall time: a CPU profiler's sample counts then do not depend on what else the machine runs.
 */
public final class ProfileTarget {
    static final Object LOCK = new Object();

    public static void main(String[] args) throws Exception {
        Thread waiter = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            waitForLock();
        }, "waiter");
        synchronized (LOCK) {
            waiter.start();
            spinHolding();
        }
        waiter.join();
        spinFree();
        System.out.println("done");
    }

    static void spinHolding() {
        Spin.cpuNanos(1_000_000_000L);
    }

    static void waitForLock() {
        synchronized (LOCK) {
            Spin.nanos(1_000);
        }
    }

    static void spinFree() {
        Spin.cpuNanos(500_000_000L);
    }
}
