package gilprobe.it.programs;

/**
 * Two threads contending for {@code LOCK} {@code n} times each ({@code synchronized}, a little work inside
 * and outside), then the main thread holds it and calls {@code LOCK.wait(1)} {@code waits} times (nobody
 * notifies: each ends by timeout, about 1 ms of condition wait). Prints its own measure of the condition wait.
 */
public final class LongContention {
    static final Object LOCK = new Object();
    static long counter;
    static volatile long sink;

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int waits = Integer.parseInt(args[1]);
        Runnable work = () -> {
            long local = 0;
            for (int i = 0; i < n; i++) {
                synchronized (LOCK) {
                    counter++;
                    local += counter & 7;
                }
                local ^= i * 31L;
            }
            sink = local;
        };
        Thread a = new Thread(work, "contender-a");
        Thread b = new Thread(work, "contender-b");
        a.start();
        b.start();
        a.join();
        b.join();
        long waited = 0;
        synchronized (LOCK) {
            for (int i = 0; i < waits; i++) {
                long t = System.nanoTime();
                LOCK.wait(1);
                waited += System.nanoTime() - t;
            }
        }
        System.out.println("counter=" + counter + " waited_ns=" + waited);
    }
}
