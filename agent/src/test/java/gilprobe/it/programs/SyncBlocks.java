package gilprobe.it.programs;

/**
 * T threads x K iterations of {@code synchronized (LOCK)}. Modes: {@code block}; {@code nested} (each
 * iteration re-enters LOCK twice more inside); {@code throwing} (every iteration throws inside the
 * critical section, caught outside). Prints the ground truth.
 */
public final class SyncBlocks {
    static final Object LOCK = new Object();
    static long counter;

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        int iterations = Integer.parseInt(args[1]);
        String mode = args.length > 2 ? args[2] : "block";
        Spin.threads(threads, id -> {
            for (int k = 0; k < iterations; k++) {
                switch (mode) {
                    case "block" -> {
                        synchronized (LOCK) {
                            counter++;
                        }
                    }
                    case "nested" -> {
                        synchronized (LOCK) {
                            synchronized (LOCK) {
                                counter++;
                                inner();
                            }
                        }
                    }
                    case "throwing" -> {
                        try {
                            synchronized (LOCK) {
                                counter++;
                                if (counter >= 0) {
                                    throw new IllegalStateException("inside");
                                }
                            }
                        } catch (IllegalStateException expected) {
                            // the hold must have ended
                        }
                    }
                    default -> throw new IllegalArgumentException(mode);
                }
            }
        });
        System.out.println("counter=" + counter);
    }

    private static void inner() {
        synchronized (LOCK) {
            counter += 0;
        }
    }
}
