package gilprobe.it.programs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;

/**
 * Output and exit behaviour under the agent: modes normal | exit3 | throw. Uses the designated lock. With a
 * second argument {@code stdin}, it first prints a line on each stream and waits for a line on stdin (time
 * to attach the agent).
 */
public final class Exits {
    static final Object LOCK = new Object();

    public static void main(String[] args) throws IOException {
        if (args.length > 1 && args[1].equals("stdin")) {
            System.out.println("waiting");
            System.err.println("waiting (stderr)");
            new BufferedReader(new InputStreamReader(System.in)).readLine();
        }
        printLines();
        switch (args[0]) {
            case "exit3" -> System.exit(3);
            case "throw" -> throw new IllegalStateException("main failed on purpose");
            default -> System.out.println("normal end");
        }
    }

    /** A method of its own: an attach retransforms it while main runs, and main's frame keeps its old code. */
    private static void printLines() {
        for (int i = 0; i < 5; i++) {
            synchronized (LOCK) {
                System.out.println("line " + i);
                System.err.println("err " + i);
            }
        }
    }
}
