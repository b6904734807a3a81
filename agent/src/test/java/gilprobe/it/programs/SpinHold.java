package gilprobe.it.programs;

/**
 * Holds {@code LOCK} by busy-spinning {@code holdMicros}, {@code count} times per thread; between holds a
 * thread spins {@code gapMicros} outside the lock. With 2 threads and no gap, each waits for the other's holds.
 * Prints "started" when main starts (the agent is running then) and "done" at the end.
 */
public final class SpinHold {
    static final Object LOCK = new Object();

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        long hold = Long.parseLong(args[2]) * 1000;
        long gap = args.length > 3 ? Long.parseLong(args[3]) * 1000 : 0;
        System.out.println("started");
        Spin.threads(threads, id -> {
            for (int k = 0; k < count; k++) {
                synchronized (LOCK) {
                    Spin.nanos(hold);
                }
                if (gap > 0) {
                    Spin.nanos(gap);
                }
            }
        });
        System.out.println("done");
    }
}
