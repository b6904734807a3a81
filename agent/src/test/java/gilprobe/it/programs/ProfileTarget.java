package gilprobe.it.programs;

/**
 * A run whose profile is known: the main thread holds {@code LOCK} for 1 s spinning in
 * {@link #spinHolding}, while thread "waiter" waits for it from 0.2 s on (about 0.8 s blocked in
 * {@link #waitForLock}); then main spins 0.5 s in {@link #spinFree} without the lock.
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
        Spin.nanos(1_000_000_000L);
    }

    static void waitForLock() {
        synchronized (LOCK) {
            Spin.nanos(1_000);
        }
    }

    static void spinFree() {
        Spin.nanos(500_000_000L);
    }
}
