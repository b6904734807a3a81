package gilprobe.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import gilprobe.report.json.ReportJson;
import gilprobe.report.model.Report;

/** {@code attach}, {@code dump} and {@code stop} on a sample app started without the agent. */
class AttachIT {
    static ChildJvm.Cli cli(String... args) throws Exception {
        return ChildJvm.jar(args);
    }

    static Report read(Path json) throws Exception {
        try (Reader r = Files.newBufferedReader(json)) {
            return ReportJson.read(r);
        }
    }

    @Test
    void attachDumpTwiceStopAndTheProgramEndsAsWithoutTheAgent() throws Exception {
        var child = ChildJvm.withoutAgent().classpath(ChildJvm.SAMPLE_APPS_JAR.toString())
                .start(DispatchLoopsIT.MINIPY, "--gil", "new", "@countdown_threads", "20000000", "2");
        String pid = String.valueOf(child.process.pid());
        Path dir = child.dir;
        try {
            // the JVM is attachable once it is listed
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!cli("list").output().contains(pid + "\t")) {
                assertTrue(System.nanoTime() < deadline, "target never listed");
                Thread.sleep(100);
            }
            ChildJvm.Cli bad = cli("attach", pid, DispatchLoopsIT.GIL + ",timeline=lots");
            assertEquals(2, bad.exitCode(), bad.output());
            assertTrue(bad.output().startsWith("gilprobe: option 'timeline=lots'"), bad.output());
            assertTrue(child.process.isAlive(), "a bad option must leave the target running");

            ChildJvm.Cli ok = cli("attach", pid, DispatchLoopsIT.GIL + ",out=" + dir.resolve("attached"));
            assertEquals(0, ok.exitCode(), ok.output() + child.stderrSoFar());
            Thread.sleep(700);
            assertEquals(0, cli("dump", pid, "-o", dir.resolve("first").toString()).exitCode());
            Thread.sleep(700);
            assertEquals(0, cli("dump", pid, "-o", dir.resolve("second").toString()).exitCode());
            ChildJvm.Cli stop = cli("stop", pid, "-o", dir.resolve("final").toString());
            assertEquals(0, stop.exitCode(), stop.output());
            ChildJvm.Cli again = cli("dump", pid);
            assertEquals(1, again.exitCode(), "nothing to dump after stop: " + again.output());

            long first = read(dir.resolve("first.json")).locks().get(0).acquisitions();
            long second = read(dir.resolve("second.json")).locks().get(0).acquisitions();
            Report last = read(dir.resolve("final.json"));
            assertTrue(first > 0, "first dump: " + first);
            assertTrue(second > first, first + " then " + second);
            assertTrue(last.locks().get(0).acquisitions() >= second);
            String restored = last.notes().stream().filter(n -> n.startsWith("stopped on request:")).findFirst().orElseThrow();
            var m = java.util.regex.Pattern.compile("stopped on request: (\\d+) of (\\d+) instrumented").matcher(restored);
            assertTrue(m.find(), restored);
            assertEquals(m.group(2), m.group(1), restored);
            assertTrue(Integer.parseInt(m.group(1)) >= 3, "the Gil classes at least: " + restored);
        } finally {
            var r = child.finish();
            assertEquals(0, r.exitCode(), r.stderr());
            assertTrue(r.stdout().matches("countdown_threads: n=20000000 threads=2 per_thread=20000000 elapsed_s=[0-9.]+\\n"), r.stdout());
            assertTrue(!Files.exists(dir.resolve("attached.json")), "stop removed the exit report: only the final one");
        }
    }
}
