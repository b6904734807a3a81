package gilprobe.it.programs;

/** Busy-spins for a known time: a hold of known length without sleeping (which would let the OS reorder). */
public final class Spin {
    private Spin() {
    }

    public static void nanos(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    /**
     * Busy-spins until the calling thread has run {@code nanos} of CPU time (at most 20 times as long in
     * wall time): what a CPU profiler samples, whatever else the machine runs.
     */
    public static void cpuNanos(long nanos) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long end = mx.getCurrentThreadCpuTime() + nanos;
        long deadline = System.nanoTime() + 20 * nanos;
        while (mx.getCurrentThreadCpuTime() < end && System.nanoTime() < deadline) {
            for (int i = 0; i < 1000; i++) {
                Thread.onSpinWait();
            }
        }
    }

    /** Starts {@code n} threads named worker-0.. running {@code body(i)}, and joins them. */
    public static void threads(int n, java.util.function.IntConsumer body) throws InterruptedException {
        Thread[] ts = new Thread[n];
        for (int i = 0; i < n; i++) {
            int id = i;
            ts[i] = new Thread(() -> body.accept(id), "worker-" + i);
            ts[i].start();
        }
        for (Thread t : ts) {
            t.join();
        }
    }
}
