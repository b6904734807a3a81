package gilprobe.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import gilprobe.it.programs.ProfileTarget;
import gilprobe.report.model.Profile;
import gilprobe.report.model.Report;
import gilprobe.report.testing.Browser;

/** {@code profile=}: async-profiler inside the agent, its flame graphs in the report, and its failures. */
class ProfileIT {
    private static final String TARGET = ProfileTarget.class.getName();

    static Profile.FlameGraph graph(Report r, String kind) {
        assertTrue(r.profile() != null, "no profile in the report");
        return r.profile().graphs().stream().filter(g -> g.kind().equals(kind)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " graph"));
    }

    /** Samples that pass through a frame whose name ends with {@code suffix} (outermost such frame of each path). */
    static long samplesThrough(Profile.Frame f, String suffix) {
        if (f.name().endsWith(suffix)) {
            return f.total();
        }
        long sum = 0;
        for (Profile.Frame c : f.children()) {
            sum += samplesThrough(c, suffix);
        }
        return sum;
    }

    static boolean contains(Profile.Frame f, String part) {
        return f.name().contains(part) || f.children().stream().anyMatch(c -> contains(c, part));
    }

    @Test
    void knownHoldWaitAndFreeTimesLandInTheirGraphs() throws Exception {
        var r = ChildJvm.withAgent("monitor=" + TARGET + ".LOCK,profile=cpu,profileInterval=10ms").run(TARGET);
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("done\n", r.stdout());
        Profile p = r.report().profile();
        assertEquals("ok", p.status(), r.stderr());
        // 1 s of CPU spinning while holding, 0.5 s of CPU spinning without the lock; 10 ms CPU samples. The
        // waiter is blocked for the rest of the hold: its wall-clock samples follow the wait the report
        // measured (exactly), however long a busy machine stretched the hold
        long held = samplesThrough(graph(r.report(), "held").root(), ".spinHolding");
        long waited = samplesThrough(graph(r.report(), "wait").root(), ".waitForLock");
        long free = samplesThrough(graph(r.report(), "free").root(), ".spinFree");
        long expectedWait = r.lock().waitNanos() / 10_000_000L;
        assertTrue(held >= 70 && held <= 130, "held samples in spinHolding: " + held);
        assertTrue(expectedWait >= 50, "the waiter waited " + r.lock().waitNanos() + " ns");
        assertTrue(waited >= expectedWait * 0.7 && waited <= expectedWait * 1.3,
                "wait samples in waitForLock: " + waited + " for a wait of " + r.lock().waitNanos() + " ns");
        assertTrue(free >= 35 && free <= 65, "free samples in spinFree: " + free);
        assertEquals(0, samplesThrough(graph(r.report(), "free").root(), ".spinHolding"), "a held sample counted as free");
        assertEquals(0, samplesThrough(graph(r.report(), "held").root(), ".spinFree"), "a free sample counted as held");
        assertEquals(0, samplesThrough(graph(r.report(), "wait").root(), ".spinFree"), "a running thread in the wait graph");
        assertTrue(p.graphs().stream().noneMatch(g -> g.kind().equals("unknown")), "every CPU sample attributed");
        // the rest of the report is as exact as without profiling
        assertEquals(2, r.lock().acquisitions());
        assertEquals(1, r.lock().contendedAcquisitions());
    }

    @Test
    void minipyFlameGraphsNameTheGilAndTheDispatchLoop() throws Exception {
        var r = ChildJvm.withAgent(DispatchLoopsIT.GIL + ",profile=cpu,profileInterval=1ms")
                .classpath(ChildJvm.SAMPLE_APPS_JAR.toString())
                .run(DispatchLoopsIT.MINIPY, "--gil", "new", "@countdown_threads", "1000000", "2");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("ok", r.report().profile().status(), r.stderr());
        Profile.FlameGraph wait = graph(r.report(), "wait");
        Profile.FlameGraph held = graph(r.report(), "held");
        assertTrue(samplesThrough(wait.root(), "gil.NewGil.acquire") > wait.samples() / 2,
                "waiting threads wait in the GIL's acquire: " + wait.samples());
        assertTrue(samplesThrough(held.root(), "minipy.Interpreter.evalFrame") > held.samples() / 2,
                "the holder runs the dispatch loop: " + held.samples());

        Browser.assumeAvailable();
        try (Browser browser = Browser.start()) {
            browser.open(Path.of(r.prefix() + ".html"));
            assertEquals(List.of(), browser.pageErrors());
            assertFalse(browser.driver().findElements(
                    By.cssSelector("#profile .flame[data-kind=wait] .fr[data-name='gilprobe.samples.minipy.gil.NewGil.acquire']")).isEmpty());
            assertFalse(browser.driver().findElements(
                    By.cssSelector("#profile .flame[data-kind=held] .fr[data-name='gilprobe.samples.minipy.Interpreter.evalFrame']")).isEmpty());
            Files.createDirectories(SampleReportsIT.SCREENSHOTS);
            browser.screenshot(SampleReportsIT.SCREENSHOTS.resolve("minipy-profile.png"));
        }
    }

    @Test
    void anotherAsyncProfilerLeavesTheRunAndTheReportIntact() throws Exception {
        Path lib = Files.createTempFile("other-asyncProfiler", ".so");
        try (InputStream in = one.profiler.AsyncProfiler.class.getResourceAsStream("/linux-x64/libasyncProfiler.so")) {
            org.junit.jupiter.api.Assumptions.assumeTrue(in != null, "no linux-x64 library on this platform");
            Files.copy(in, lib, StandardCopyOption.REPLACE_EXISTING);
        }
        var r = ChildJvm.withAgent("monitor=" + TARGET + ".LOCK,profile=cpu")
                .jvmArg("-agentpath:" + lib + "=start,event=itimer,file=" + lib.resolveSibling("other.html"))
                .run(TARGET);
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().endsWith("done\n"), r.stdout()); // the other profiler prints its own lines
        Profile p = r.report().profile();
        assertTrue(p.status().startsWith("another async-profiler is already loaded"), p.status());
        assertTrue(p.graphs().isEmpty());
        assertTrue(r.stderr().contains("gilprobe: profile=cpu is off for this run: another async-profiler"), r.stderr());
        assertEquals(2, r.lock().acquisitions());
        assertEquals(1, r.lock().contendedAcquisitions());
        assertTrue(Optional.ofNullable(r.report().timeline()).isPresent());
    }
}
