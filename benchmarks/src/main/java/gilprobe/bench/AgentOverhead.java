package gilprobe.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link LockBenchmarks} without the agent and with the agent designating each lock in turn, and
 * prints ns per acquire/release pair side by side.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar [--pairs] [path/to/gilprobe.jar]</pre>
 *
 * {@code --pairs}: only the bare and designated pairs of {@code synchronized} and of acquire/release
 * methods, shorter (the row of scripts/overhead.sh).
 */
public final class AgentOverhead {
    private AgentOverhead() {
    }

    public static void main(String[] args) throws Exception {
        boolean pairsOnly = args.length > 0 && args[0].equals("--pairs");
        String jarArg = pairsOnly ? (args.length > 1 ? args[1] : null) : (args.length > 0 ? args[0] : null);
        String jar = Path.of(jarArg != null ? jarArg : "agent/target/gilprobe.jar").toAbsolutePath().toString();
        if (!Files.exists(Path.of(jar))) {
            System.err.println("no agent jar at " + jar + "; build it with mvn -B package -DskipTests");
            System.exit(2);
        }
        String out = Files.createTempDirectory("gilprobe-bench").resolve("r").toString();
        String b = LockBenchmarks.class.getName();
        String d = DispatchBenchmarks.class.getName();
        String[][] configs = {
                // benchmark, agent options (null = no agent), label
                {"monitor", null, "synchronized, no agent"},
                {"monitor", "monitor=" + b + ".MONITOR", "synchronized, designated"},
                {"otherMonitor", "monitor=" + b + ".MONITOR", "synchronized, other monitor"},
                {"reentrantLock", null, "ReentrantLock, no agent"},
                {"reentrantLock", "lock=" + b + ".LOCK", "ReentrantLock, designated"},
                {"methods", null, "acquire/release methods, no agent"},
                {"methods", "acquire=" + b + "$MethodsLock#acquire,release=" + b + "$MethodsLock#release",
                        "acquire/release methods, designated"},
                {"monitor", "monitor=" + b + ".MONITOR,timeline=0", "synchronized, designated, timeline=0"},
        };
        String[][] dispatch = {
                {"countdown1000", null, "interpreter countdown(1000), no agent"},
                {"countdown1000", "monitor=" + b + ".MONITOR,dispatch=" + d + ",dispatchCases=16", "interpreter countdown(1000), ticks counted"},
        };
        List<String> rows = new ArrayList<>();
        List<String[]> all = new ArrayList<>(List.of(configs));
        if (pairsOnly) {
            all = List.of(configs[0], configs[1], configs[5], configs[6]);
        } else {
            all.addAll(List.of(dispatch));
        }
        for (String[] c : all) {
            String cls = c[0].startsWith("countdown") ? d : b;
            OptionsBuilder ob = new OptionsBuilder();
            ob.include(cls + "\\." + c[0] + "$").forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(pairsOnly ? 3 : 5).measurementTime(TimeValue.seconds(1));
            if (c[1] != null) {
                // the lock rows measure the lock alone; the interpreter rows name their own dispatch scope
                String scope = c[1].contains("dispatch=") ? "" : ",dispatch=off";
                ob.jvmArgsAppend("-javaagent:" + jar + "=" + c[1] + scope + ",out=" + out);
            }
            Options opts = ob.build();
            for (RunResult r : new Runner(opts).run()) {
                var s = r.getPrimaryResult();
                rows.add(String.format("%-48s %9.2f ± %6.2f ns/op", c[2], s.getScore(), s.getScoreError()));
            }
        }
        System.out.println();
        System.out.println("gilprobe agent overhead (one thread; lock rows: one uncontended acquire/release pair per op;"
                + " interpreter rows: 5,001 ticks per op):");
        rows.forEach(System.out::println);
    }
}
