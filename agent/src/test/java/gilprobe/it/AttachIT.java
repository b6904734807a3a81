package gilprobe.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    /** Waits until the JVM {@code pid} is attachable, which it is once {@code list} shows it. */
    static void awaitAttachable(String pid) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!cli("list").output().contains(pid + "\t")) {
            assertTrue(System.nanoTime() < deadline, "target never listed");
            Thread.sleep(100);
        }
    }

    /** One command line to a target that reads its stdin ({@code programs.ManyClasses}, {@code programs.LoopAtAttach}). */
    static void send(java.io.OutputStream stdin, String line) throws Exception {
        stdin.write((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        stdin.flush();
    }

    /**
     * {@code stop} with the final report to {@code last}.json, then {@code exit} to the target: its result,
     * checked to have ended with status 0.
     */
    static ChildJvm.Result stopThenExit(ChildJvm.Running child, java.io.OutputStream stdin, Path last) throws Exception {
        ChildJvm.Cli stop = cli("stop", String.valueOf(child.process.pid()), "-o", last.toString());
        assertEquals(0, stop.exitCode(), stop.output());
        send(stdin, "exit");
        var r = child.finish();
        assertEquals(0, r.exitCode(), r.stderr());
        return r;
    }

    /** HotSpot's redefinition log ({@code -Xlog:redefine+class+load=info:file=...}): per class, its redefinition counts. */
    static java.util.Map<String, java.util.Set<Integer>> redefinitions(Path log) throws Exception {
        java.util.Map<String, java.util.Set<Integer>> counts = new java.util.HashMap<>();
        java.util.regex.Pattern redefined = java.util.regex.Pattern.compile("redefined name=([^,\\s]+), count=(\\d+)");
        for (String line : Files.readAllLines(log)) {
            java.util.regex.Matcher d = redefined.matcher(line);
            if (d.find()) {
                counts.computeIfAbsent(d.group(1), k -> new java.util.HashSet<>()).add(Integer.parseInt(d.group(2)));
            }
        }
        return counts;
    }

    /** Asserts that a CLI call failed with exit status 1 and one line starting with {@code start}. */
    static void failedInOneLine(ChildJvm.Cli r, String start) {
        assertEquals(1, r.exitCode(), r.output());
        assertEquals(1, r.output().strip().lines().count(), r.output());
        assertTrue(r.output().startsWith(start), r.output());
    }

    @Test
    void attachDumpTwiceStopAndTheProgramEndsAsWithoutTheAgent() throws Exception {
        var child = ChildJvm.withoutAgent().classpath(ChildJvm.SAMPLE_APPS_JAR.toString())
                .start(DispatchLoopsIT.MINIPY, "--gil", "new", "@countdown_threads", "100000000", "2");
        String pid = String.valueOf(child.process.pid());
        Path dir = child.dir;
        try {
            awaitAttachable(pid);
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
            var m = java.util.regex.Pattern.compile("stopped on request: (\\d+) of (\\d+) instrumented classes restored(, (\\d+) later)?$")
                    .matcher(restored);
            assertTrue(m.find(), restored);
            // a thread waiting in the GIL's acquire loop at that moment leaves its class to be restored later
            int later = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
            assertEquals(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(1)) + later, restored);
            assertTrue(Integer.parseInt(m.group(2)) >= 2, "the Gil classes at least: " + restored);
            // the interpreter's dispatch loop was running: its class waits, so that the loop keeps its compiled code
            assertTrue(child.stderrSoFar().contains("gilprobe: retransformation: 1 class not instrumented yet: a thread runs"
                    + " a loop of it, which retransforming would leave interpreted (several times slower) until it returns:"
                    + " gilprobe.samples.minipy.Interpreter (evalFrame on \""), child.stderrSoFar());
        } finally {
            var r = child.finish();
            assertEquals(0, r.exitCode(), r.stderr());
            assertTrue(r.stdout().matches("countdown_threads: n=100000000 threads=2 per_thread=100000000 elapsed_s=[0-9.]+\\n"), r.stdout());
            assertTrue(!Files.exists(dir.resolve("attached.json")), "stop removed the exit report: only the final one");
        }
    }

    private static final String UNTIL = gilprobe.it.programs.UntilStopped.class.getName();
    private static final String UNTIL_LOCK = "monitor=" + UNTIL + ".LOCK";

    @Test
    void aFailedControlCallAnswersTheCliInOneLineAndWritesNothingIntoTheTarget() throws Exception {
        var child = ChildJvm.withoutAgent().start(UNTIL, "stop-now");
        String pid = String.valueOf(child.process.pid());
        Path dir = child.dir;
        try {
            awaitAttachable(pid);
            failedInOneLine(cli("dump", pid), "gilprobe: dump failed in " + pid + ": gilprobe was never attached to this JVM");
            failedInOneLine(cli("stop", pid, "-o", dir.resolve("x").toString()), "gilprobe: stop failed in " + pid
                    + ": gilprobe was never attached to this JVM");
            assertEquals("", child.stderrSoFar(), "nothing in the target's output");

            assertEquals(0, cli("attach", pid, UNTIL_LOCK + ",out=" + dir.resolve("first")).exitCode());
            assertEquals(0, cli("stop", pid).exitCode());
            String afterStop = child.stderrSoFar();
            failedInOneLine(cli("dump", pid), "gilprobe: dump failed in " + pid + ": gilprobe was stopped in this JVM");
            failedInOneLine(cli("stop", pid), "gilprobe: stop failed in " + pid + ": gilprobe was stopped in this JVM");
            assertEquals(afterStop, child.stderrSoFar(), "the failed calls added nothing to the target's output");
            for (String line : afterStop.split("\n")) {
                assertTrue(line.startsWith("gilprobe: ") || line.contains("bootstrap classpath has been appended"), afterStop);
            }
        } finally {
            Files.writeString(dir.resolve("stop-now"), "");
            var r = child.finish();
            assertEquals(0, r.exitCode(), r.stderr());
            assertEquals("done\n", r.stdout());
        }
    }

    /** A running {@link gilprobe.it.programs.UntilStopped} with gilprobe attached; {@code tmp} is its java.io.tmpdir. */
    record Attached(ChildJvm.Running child, String pid, Path dir, Path tmp) implements AutoCloseable {
        static Attached start() throws Exception {
            Path tmp = Files.createTempDirectory("gilprobe-target-tmp");
            var child = ChildJvm.withoutAgent().jvmArg("-Djava.io.tmpdir=" + tmp).start(UNTIL, "stop-now");
            String pid = String.valueOf(child.process.pid());
            Attached a = new Attached(child, pid, child.dir, tmp);
            awaitAttachable(pid);
            ChildJvm.Cli first = cli("attach", pid, UNTIL_LOCK + ",out=" + a.dir.resolve("first"));
            assertEquals(0, first.exitCode(), first.output());
            assertTrue(first.output().contains(a.dir.resolve("first").toString()), first.output());
            return a;
        }

        /** Ends the program and checks that it ended as it would have without gilprobe. */
        @Override
        public void close() throws Exception {
            Files.writeString(dir.resolve("stop-now"), "");
            var r = child.finish();
            assertEquals(0, r.exitCode(), r.stderr());
            assertEquals("done\n", r.stdout());
            assertFalse(r.stderr().contains("Exception") || r.stderr().contains("ASSERTION"), r.stderr());
        }
    }

    @Test
    void aSecondAttachWhileRecordingIsRefusedNamingWhereTheRecordingGoes() throws Exception {
        try (Attached a = Attached.start()) {
            failedInOneLine(cli("attach", a.pid, UNTIL_LOCK + ",out=" + a.dir.resolve("other")), "gilprobe: attach failed in "
                    + a.pid + ": already recording in this JVM; its report goes to " + a.dir.resolve("first") + ".json and .html");
            assertEquals(0, cli("stop", a.pid).exitCode());
            assertTrue(Files.exists(a.dir.resolve("first.json")));
            assertFalse(Files.exists(a.dir.resolve("other.json")));
        }
    }

    @Test
    void aDumpThatCannotGoWhereAskedSaysWhereItWent() throws Exception {
        try (Attached a = Attached.start()) {
            ChildJvm.Cli dump = cli("dump", a.pid, "-o", "/proc/nope/d2");
            assertEquals(0, dump.exitCode(), dump.output());
            assertEquals("gilprobe: " + a.pid + ": cannot write /proc/nope/d2.json: no such file or directory (/proc/nope); "
                    + "report written to " + a.tmp.resolve("d2.json") + " and " + a.tmp.resolve("d2.html") + " instead\n", dump.output());
            assertTrue(read(a.tmp.resolve("d2.json")).locks().get(0).acquisitions() > 0);

            ChildJvm.Cli stop = cli("stop", a.pid, "-o", a.dir.resolve("stopped").toString());
            assertEquals(0, stop.exitCode(), stop.output());
            assertTrue(stop.output().endsWith("final report written to " + a.dir.resolve("stopped.json") + " and "
                    + a.dir.resolve("stopped.html") + "\n"), stop.output());
        }
    }

    @Test
    void attachAgainAfterStopStartsARecordingThatRecords() throws Exception {
        try (Attached a = Attached.start()) {
            assertEquals(0, cli("stop", a.pid).exitCode());
            ChildJvm.Cli again = cli("attach", a.pid, UNTIL_LOCK + ",out=" + a.dir.resolve("second"));
            assertEquals(0, again.exitCode(), again.output());
            ChildJvm.Cli dump = cli("dump", a.pid, "-o", a.dir.resolve("again").toString());
            assertEquals(0, dump.exitCode(), dump.output());
            Report second = read(a.dir.resolve("again.json"));
            assertTrue(second.locks().get(0).acquisitions() > 0, "the second recording records");
            assertTrue(second.notes().stream().noneMatch(n -> n.startsWith("stopped on request")),
                    "a new recording, not the stopped one: " + second.notes());
            assertEquals(0, cli("stop", a.pid).exitCode());
            assertTrue(read(a.dir.resolve("second.json")).locks().get(0).acquisitions() > 0, "its final report");
        }
    }
}
