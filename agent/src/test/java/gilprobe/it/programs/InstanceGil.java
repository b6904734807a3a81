package gilprobe.it.programs;

/**
 * An interpreter-like object whose lock is an instance field holding a {@code Gil} with synchronized
 * methods: designate with {@code monitor=gilprobe.it.programs.InstanceGil.gil}. Threads call
 * {@code gil.run()} (an instance synchronized method) that spins {@code spinMicros}.
 */
public final class InstanceGil {
    final Gil gil = new Gil();

    static final class Gil {
        long counter;

        synchronized void run(long spinNanos) {
            counter++;
            if (spinNanos > 0) {
                Spin.nanos(spinNanos);
            }
        }

        void block() {
            synchronized (this) {
                counter++;
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        int iterations = Integer.parseInt(args[1]);
        long spin = Long.parseLong(args[2]) * 1000;
        InstanceGil interp = new InstanceGil();
        Spin.threads(threads, id -> {
            for (int k = 0; k < iterations; k++) {
                interp.gil.run(spin);
                interp.gil.block();
            }
        });
        System.out.println("counter=" + interp.gil.counter);
    }
}
