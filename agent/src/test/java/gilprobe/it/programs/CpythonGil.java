package gilprobe.it.programs;

/**
 * A GIL built as CPython builds its own (a monitor, a {@code locked} flag, wait/notify), designated with
 * {@code acquire=gilprobe.it.programs.CpythonGil$Gil#take,release=gilprobe.it.programs.CpythonGil$Gil#drop}.
 * T CPU-bound threads each count down N, releasing and re-taking the GIL every CHECK iterations. As in
 * Python 3's FORCE_SWITCHING, a release with a waiter returns only once another thread has taken the GIL.
 */
public final class CpythonGil {
    public static final class Gil {
        private final Object mutex = new Object();
        private boolean locked;
        private int waiters;
        private long switches;

        public void take() {
            synchronized (mutex) {
                waiters++;
                while (locked) {
                    await();
                }
                waiters--;
                locked = true;
                switches++;
                mutex.notifyAll();
            }
        }

        public void drop() {
            synchronized (mutex) {
                locked = false;
                mutex.notifyAll();
                long before = switches;
                while (waiters > 0 && switches == before) {
                    await();
                }
            }
        }

        private void await() {
            try {
                mutex.wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static final Gil GIL = new Gil();
    static volatile long sink;

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        long n = Long.parseLong(args[1]);
        int check = Integer.parseInt(args[2]);
        long start = System.nanoTime();
        long[] held = new long[threads];
        long[] waited = new long[threads];
        Spin.threads(threads, id -> {
            // the program's own clock around take() and drop(): ground truth for the profiler's numbers
            long t0 = System.nanoTime();
            GIL.take();
            long t1 = System.nanoTime();
            waited[id] += t1 - t0;
            long x = n;
            long acc = 0;
            while (x > 0) {
                x--;
                acc += x ^ (acc >>> 3);
                if (x % check == 0) {
                    long t2 = System.nanoTime();
                    held[id] += t2 - t1;
                    GIL.drop();
                    long t3 = System.nanoTime();
                    GIL.take();
                    t1 = System.nanoTime();
                    waited[id] += t1 - t3;
                }
            }
            sink = acc;
            held[id] += System.nanoTime() - t1;
            GIL.drop();
        });
        for (int i = 0; i < threads; i++) {
            System.out.println("thread=worker-" + i + " held_ns=" + held[i] + " wait_ns=" + waited[i]);
        }
        System.out.println("elapsed_ms=" + (System.nanoTime() - start) / 1_000_000 + " takes=" + GIL.switches);
    }
}
