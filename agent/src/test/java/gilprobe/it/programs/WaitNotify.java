package gilprobe.it.programs;

/**
 * One thread holds {@code LOCK} and calls {@code LOCK.wait(ms)} N times (timed out, nobody notifies), each
 * time at re-entrancy depth 2: every wait ends the hold and its return starts a new one.
 */
public final class WaitNotify {
    static final Object LOCK = new Object();

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        long ms = Long.parseLong(args[1]);
        synchronized (LOCK) {
            synchronized (LOCK) {
                for (int i = 0; i < n; i++) {
                    LOCK.wait(ms);
                }
            }
        }
        System.out.println("waited " + n);
    }
}
