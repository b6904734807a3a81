package gilprobe.it.programs;

/** Output and exit behaviour under the agent: modes normal | exit3 | throw. Uses the designated lock. */
public final class Exits {
    static final Object LOCK = new Object();

    public static void main(String[] args) {
        for (int i = 0; i < 5; i++) {
            synchronized (LOCK) {
                System.out.println("line " + i);
                System.err.println("err " + i);
            }
        }
        switch (args[0]) {
            case "exit3" -> System.exit(3);
            case "throw" -> throw new IllegalStateException("main failed on purpose");
            default -> System.out.println("normal end");
        }
    }
}
