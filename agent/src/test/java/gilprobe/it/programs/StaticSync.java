package gilprobe.it.programs;

/** T threads x K calls of a static synchronized method; designate with monitor=<this class>. */
public final class StaticSync {
    static long counter;

    static synchronized void inc() {
        counter++;
    }

    static synchronized void incTwice() {
        inc(); // re-entrant
        inc();
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        int iterations = Integer.parseInt(args[1]);
        boolean spin = args.length > 2;
        Spin.threads(threads, id -> {
            for (int k = 0; k < iterations; k++) {
                if (spin) {
                    spinInside();
                } else {
                    inc();
                }
            }
        });
        synchronized (StaticSync.class) {
            counter++;
        }
        incTwice();
        System.out.println("counter=" + counter);
    }

    static synchronized void spinInside() {
        Spin.nanos(200_000);
    }
}
