package gilprobe.it.programs;

/** Designates UNUSED but locks OTHER a lot and THIRD a little: the report must suggest OTHER first. */
public final class NeverAcquired {
    static final Object UNUSED = new Object();
    static final Object OTHER = new Object();
    static final Object THIRD = new Object();
    static long counter;

    public static void main(String[] args) {
        for (int i = 0; i < 10_000; i++) {
            synchronized (OTHER) {
                counter++;
            }
        }
        for (int i = 0; i < 100; i++) {
            synchronized (THIRD) {
                counter++;
            }
        }
        System.out.println("counter=" + counter);
    }
}
