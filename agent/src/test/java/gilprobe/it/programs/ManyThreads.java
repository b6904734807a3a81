package gilprobe.it.programs;

/** {@code threads} short-lived threads, started in waves of 8, each taking {@code LOCK} {@code count} times. */
public final class ManyThreads {
    static final Object LOCK = new Object();
    static long total;

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        for (int started = 0; started < threads; started += 8) {
            Thread[] wave = new Thread[Math.min(8, threads - started)];
            for (int i = 0; i < wave.length; i++) {
                wave[i] = new Thread(() -> {
                    for (int k = 0; k < count; k++) {
                        synchronized (LOCK) {
                            total++;
                        }
                    }
                }, "worker-" + (started + i));
                wave[i].start();
            }
            for (Thread t : wave) {
                t.join();
            }
        }
        System.out.println("total=" + total);
    }
}
