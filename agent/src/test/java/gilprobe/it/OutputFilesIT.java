package gilprobe.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import gilprobe.it.programs.Exits;
import gilprobe.it.programs.UntilStopped;
import gilprobe.report.model.Report;

/** Where reports go when they cannot go where asked, and when two JVMs are given the same {@code out=}. */
class OutputFilesIT {
    private static final String EXITS = Exits.class.getName();
    private static final String UNTIL = UntilStopped.class.getName();

    /** gilprobe's lines in a child's stderr, without the interval summaries. */
    private static List<String> gilprobeLines(String stderr) {
        return stderr.lines().filter(l -> l.startsWith("gilprobe: ") && !l.contains("wait share")).toList();
    }

    @Test
    void aNameAtTheFileSystemsLimitIsWrittenWhereAsked() throws Exception {
        Path dir = Files.createTempDirectory("gilprobe-names");
        Path prefix = dir.resolve("n".repeat(250)); // <prefix>.json is 255 bytes, its temporary file's name longer
        var r = ChildJvm.withAgent("monitor=" + EXITS + ".LOCK,out=" + prefix).workDir(dir).run(EXITS, "normal");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(List.of("gilprobe: report written to " + prefix + ".json and " + prefix + ".html"), gilprobeLines(r.stderr()));
        assertEquals(5, AttachIT.read(Path.of(prefix + ".json")).locks().get(0).acquisitions());
    }

    @Test
    void aNameTooLongForTheFileSystemIsWrittenUnderAShortenedNameSaidInOneLine() throws Exception {
        Path dir = Files.createTempDirectory("gilprobe-names");
        Path prefix = dir.resolve("n".repeat(253)); // <prefix>.json would be 258 bytes
        Path tmp = Files.createTempDirectory("gilprobe-tmp");
        var r = ChildJvm.withAgent("monitor=" + EXITS + ".LOCK,out=" + prefix).workDir(dir)
                .jvmArg("-Djava.io.tmpdir=" + tmp).run(EXITS, "normal");
        assertEquals(0, r.exitCode(), r.stderr());
        Path shortened = dir.resolve("n".repeat(200));
        assertEquals(List.of("gilprobe: cannot write " + prefix + ".json: File name too long; report written to "
                + shortened + ".json and " + shortened + ".html instead"), gilprobeLines(r.stderr()));
        assertEquals(5, AttachIT.read(Path.of(shortened + ".json")).locks().get(0).acquisitions());
        assertTrue(Files.readString(Path.of(shortened + ".html")).startsWith("<!DOCTYPE html>"));
    }

    @Test
    void anUnwritablePlaceIsNamedWithItsReason() throws Exception {
        Path dir = Files.createTempDirectory("gilprobe-names");
        Path file = Files.writeString(dir.resolve("plain"), "a file where a directory should be");
        Path tmp = Files.createTempDirectory("gilprobe-tmp");
        var r = ChildJvm.withAgent("monitor=" + EXITS + ".LOCK,out=" + file.resolve("run")).workDir(dir)
                .jvmArg("-Djava.io.tmpdir=" + tmp).run(EXITS, "normal");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(List.of("gilprobe: cannot write " + file.resolve("run.json") + ": " + file
                + " exists and is not a directory; report written to " + tmp.resolve("run.json") + " and "
                + tmp.resolve("run.html") + " instead"), gilprobeLines(r.stderr()));
    }

    @Test
    void twoJvmsGivenTheSameOutEachWriteTheirOwnCompleteFiles() throws Exception {
        Path shared = Files.createTempDirectory("gilprobe-shared").resolve("run");
        String options = "monitor=" + UNTIL + ".LOCK,interval=100ms,out=" + shared;
        var one = ChildJvm.withAgent(options).start(UNTIL, "stop-now");
        var two = ChildJvm.withAgent(options).start(UNTIL, "stop-now");
        ChildJvm.Result[] results = new ChildJvm.Result[2];
        try {
            // both record at once: each has written interval lines before either is told to end
            awaitIntervals(one, 3);
            awaitIntervals(two, 3);
        } finally {
            Files.writeString(one.dir.resolve("stop-now"), "");
            Files.writeString(two.dir.resolve("stop-now"), "");
            results[0] = one.finish();
            results[1] = two.finish();
        }
        int moved = 0;
        for (int i = 0; i < 2; i++) {
            ChildJvm.Result r = results[i];
            long pid = (i == 0 ? one : two).process.pid();
            assertEquals(0, r.exitCode(), r.stderr());
            boolean second = r.stderr().contains("is in use by another JVM");
            Path prefix = second ? Path.of(shared + "-" + pid) : shared;
            if (second) {
                moved++;
                assertEquals("gilprobe: " + shared + " is in use by another JVM; this one writes " + prefix
                        + ".json and .html (interval log " + prefix + ".hlog)", gilprobeLines(r.stderr()).get(0));
            }
            Report report = AttachIT.read(Path.of(prefix + ".json"));
            assertEquals(pid, report.run().pid(), "each JVM's own report");
            assertTrue(report.locks().get(0).acquisitions() > 0);
            Path hlog = Path.of(prefix + ".hlog");
            assertTrue(IntervalIT.assertLogAddsUpToReport(hlog, report.locks().get(0)) >= 3, "intervals in " + hlog);
            IntervalIT.assertHdrHistogramsProcessorReads(hlog, report.locks().get(0));
        }
        assertEquals(1, moved, "exactly one JVM found the prefix claimed");
        // the claims ended with the JVMs: the prefix is free for the next one
        try (FileChannel lockFile = FileChannel.open(shared.resolveSibling(".run.lock"), StandardOpenOption.WRITE)) {
            assertTrue(lockFile.tryLock() != null, "the claim of " + shared + " was given back");
        }
    }

    private static void awaitIntervals(ChildJvm.Running child, int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (child.stderrSoFar().lines().filter(l -> l.contains("wait share")).count() < n) {
            assertTrue(child.process.isAlive() && System.nanoTime() < deadline, "no interval lines: " + child.stderrSoFar());
            Thread.sleep(50);
        }
    }
}
