import java.lang.management.ManagementFactory;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;

/**
 * The workload of scripts/worked-example.sh (docs/worked-example.md): the countdown of "Understanding the
 * Python GIL", in Python, run by GraalPy (a Python implementation on the JVM, fetched from Maven Central)
 * in one polyglot context, as a Java application that embeds Python would.
 *
 * <pre>
 * java -cp CLASSES:GRAALPY_JARS Countdown threads|seq|both N THREADS
 * </pre>
 * {@code seq}: countdown(N) THREADS times, one after the other, in one thread; {@code threads}: THREADS
 * Python threads ({@code threading.Thread}) each run countdown(N) at once; {@code both}: seq, then threads.
 * Before the timed part, an untimed countdown warms up the JVM's JIT on GraalPy's interpreter (its first
 * few million steps run several times slower). Prints {@code key=value} lines: {@code startup_s} (context
 * creation, the code's import and the warm-up), then {@code sequential_s}/{@code sequential_cpu_s} and
 * {@code threads_s}/{@code threads_cpu_s}: wall and CPU seconds (the whole JVM's) of the timed part.
 */
public final class Countdown {
    static final String PYTHON = """
            import threading

            def countdown(n):
                while n > 0:
                    n -= 1

            def sequential(n, k):
                for _ in range(k):
                    countdown(n)

            def in_threads(n, k):
                threads = [threading.Thread(target=countdown, args=(n,)) for _ in range(k)]
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
            """;
    static final long WARM_UP = 5_000_000;

    public static void main(String[] args) {
        if (args.length != 3 || !args[0].matches("threads|seq|both")) {
            System.err.println("usage: Countdown threads|seq|both N THREADS");
            System.exit(2);
        }
        String mode = args[0];
        long n = Long.parseLong(args[1]);
        int threads = Integer.parseInt(args[2]);
        long t0 = System.nanoTime();
        // GraalPy runs in Truffle's interpreter on a JDK without the Graal compiler; say so once, not per run.
        try (Context python = Context.newBuilder("python").allowCreateThread(true)
                .option("engine.WarnInterpreterOnly", "false").build()) {
            python.eval("python", PYTHON);
            Value py = python.getBindings("python");
            py.getMember("countdown").execute(WARM_UP);
            System.out.printf("startup_s=%.2f%n", (System.nanoTime() - t0) / 1e9);
            if (!mode.equals("threads")) {
                timed("sequential", () -> py.getMember("sequential").execute(n, threads));
            }
            if (!mode.equals("seq")) {
                timed("threads", () -> py.getMember("in_threads").execute(n, threads));
            }
        }
    }

    /** Runs {@code work} and prints {@code <name>_s=<wall seconds> <name>_cpu_s=<CPU seconds>}. */
    private static void timed(String name, Runnable work) {
        long t0 = System.nanoTime();
        long c0 = cpuNanos();
        work.run();
        System.out.printf("%s_s=%.2f %s_cpu_s=%.2f%n", name, (System.nanoTime() - t0) / 1e9, name, (cpuNanos() - c0) / 1e9);
    }

    /** The JVM's CPU time so far, all its threads. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
