package gilprobe.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import gilprobe.report.model.Candidate;
import gilprobe.report.model.LockReport;
import gilprobe.report.model.Report;

/**
 * {@code find=true} in real child JVMs: the lock that costs the most ranks first, whatever it is made of (a
 * monitor, a monitor with wait(), a ReentrantLock with conditions, a scripting engine behind one monitor);
 * a busy uncontended lock never ranks above a contended one; the top candidate's spec, pasted into the next
 * run, designates the same lock (the same acquisitions for the same work); many objects stay bounded.
 * The expectations name the programs' locks; the agent knows none of them.
 */
class FindIT {
    private static final String P = "gilprobe.it.programs.";
    private static final String MINIPY = "gilprobe.samples.minipy.Main";

    private static Candidate top(ChildJvm.Result r) {
        assertEquals(0, r.exitCode(), r.stderr());
        assertNotNull(r.report(), r.stderr());
        List<Candidate> c = r.report().candidates();
        assertNotNull(c, "find=true writes candidates");
        assertFalse(c.isEmpty(), r.stderr());
        assertRanked(c);
        return c.get(0);
    }

    private static void assertRanked(List<Candidate> candidates) {
        for (int i = 1; i < candidates.size(); i++) {
            assertTrue(candidates.get(i - 1).blockedNanos() >= candidates.get(i).blockedNanos(), "ranked by blocked time: " + candidates);
        }
        for (Candidate c : candidates) {
            assertEquals(c.waitNanos() + c.conditionWaitNanos(), c.blockedNanos());
            assertTrue(c.contendedAcquisitions() <= c.acquisitions(), c.toString());
            assertTrue(c.blockedThreads() <= c.threads(), c.toString());
            assertTrue(c.spec().isEmpty() || c.spec().startsWith(c.kind() + "="), c.toString());
        }
    }

    private static Candidate candidate(Report report, String spec) {
        return report.candidates().stream().filter(c -> c.spec().equals(spec)).findFirst()
                .orElseThrow(() -> new AssertionError("no candidate " + spec + " in " + report.candidates()));
    }

    /** The top candidate is printed first on stderr, with its spec. */
    private static void assertPrintedFirst(ChildJvm.Result r, String spec) {
        List<String> lines = r.stderr().lines().filter(l -> l.startsWith("gilprobe: find: ")).toList();
        assertFalse(lines.isEmpty(), r.stderr());
        assertTrue(lines.size() <= 6, "the top 5 and a line saying how many more: " + lines);
        assertTrue(lines.get(0).matches("gilprobe: find: 1\\. " + java.util.regex.Pattern.quote(spec)
                + "  blocked [0-9.]+ (ns|us|ms|s), waited by \\d+ threads?, \\d+ acquisitions?, utilization [0-9.]+%"), lines.get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"old", "new"})
    void minipysGilRanksFirst(String gil) throws Exception {
        var r = ChildJvm.withAgent("find=true").classpath(ChildJvm.SAMPLE_APPS_JAR.toString())
                .run(MINIPY, "--gil", gil, "@countdown_threads", "1500000", "2");
        Candidate top = top(r);
        // the policy's own lock: a monitor with wait() (old), a ReentrantLock with conditions (new)
        String spec = gil.equals("old") ? "monitor=gilprobe.samples.minipy.gil.OldGil.mutex"
                : "lock=gilprobe.samples.minipy.gil.NewGil.mutex";
        assertEquals(spec, top.spec(), r.report().candidates().toString());
        assertTrue(top.conditionWaitNanos() > 0, "the cost shows as wait()/await() time: " + top);
        assertTrue(top.blockedThreads() >= 2, top.toString());
        assertTrue(r.report().locks().isEmpty(), "nothing designated");
        assertPrintedFirst(r, spec);

        // pasted into the next run, it designates that lock
        var again = ChildJvm.withAgent(top.spec()).classpath(ChildJvm.SAMPLE_APPS_JAR.toString())
                .run(MINIPY, "--gil", gil, "@countdown_threads", "1500000", "2");
        assertEquals(0, again.exitCode(), again.stderr());
        assertEquals(spec, again.lock().spec());
        assertTrue(again.lock().acquisitions() > 0);
        assertTrue(again.lock().conditionWaitNanos() > 0);
        assertEquals(1, again.lock().instances());
        assertTrue(again.stderr().lines().noneMatch(l -> l.contains("warning")), again.stderr());
    }

    /** A GIL as CPython builds one (a flag, a monitor, wait/notify): its cost is time inside wait(). */
    @Test
    void aFlagAndConditionVariableGilRanksFirstByItsWaitTime() throws Exception {
        var r = ChildJvm.withAgent("find=true,interval=200ms").run(P + "CpythonGil", "2", "20000000", "20000");
        Candidate top = top(r);
        assertEquals("monitor=gilprobe.it.programs.CpythonGil$Gil.mutex", top.spec());
        // with nothing designated, each interval's line is the ranking so far, never a designated lock's
        List<String> intervals = r.stderr().lines().filter(l -> l.matches("gilprobe: +[0-9.]+s  .*")).toList();
        assertFalse(intervals.isEmpty(), r.stderr());
        for (String l : intervals) {
            assertTrue(l.contains("  find so far: "), l);
        }
        assertTrue(intervals.get(intervals.size() - 1).contains("find so far: 1. " + top.spec() + "  blocked "),
                intervals.toString());
        assertTrue(r.stderr().lines().noneMatch(l -> l.contains("never-acquired")), r.stderr());
        assertTrue(top.conditionWaitNanos() > top.waitNanos(), "mostly in wait(): " + top);
        assertEquals(2, top.blockedThreads(), top.toString());
        assertEquals("field gilprobe.it.programs.CpythonGil$Gil.mutex (1 object)", top.name());
    }

    /** A ReentrantLock GIL ranks first; the spec pasted gives the same acquisitions for the same work. */
    @Test
    void aReentrantLockGilRanksFirstAndItsSpecDesignatesIt() throws Exception {
        var r = ChildJvm.withAgent("find=true").run(P + "FindTargets", "reentrant", "3", "3000");
        assertEquals("gil=9000 own=3000 count=3000\n", r.stdout());
        Candidate top = top(r);
        assertEquals("lock=gilprobe.it.programs.FindTargets.GIL", top.spec());
        assertEquals(9000, top.acquisitions());
        assertEquals("lock", top.kind());
        assertEquals(3, top.threads());
        // the workers' own locks: one group of three objects, never waited for; their synchronized methods
        Candidate own = candidate(r.report(), "lock=gilprobe.it.programs.FindTargets$Worker.own");
        assertEquals(9000, own.acquisitions());
        assertEquals(3, own.instances());
        assertEquals(0, own.blockedNanos());
        Candidate count = r.report().candidates().stream().filter(c -> c.name().startsWith("gilprobe.it.programs.FindTargets$Worker objects"))
                .findFirst().orElseThrow(() -> new AssertionError(r.report().candidates().toString()));
        assertEquals("", count.spec(), "no option designates the receivers of a synchronized method");
        assertEquals(9000, count.acquisitions());
        assertTrue(count.name().contains("synchronized method gilprobe.it.programs.FindTargets$Worker.count"), count.name());

        var pasted = ChildJvm.withAgent(top.spec()).run(P + "FindTargets", "reentrant", "3", "3000");
        assertEquals(0, pasted.exitCode(), pasted.stderr());
        assertEquals(top.spec(), pasted.lock().spec());
        assertEquals(top.acquisitions(), pasted.lock().acquisitions(), "the same lock: the same acquisitions");
        LockCountsIT.assertConsistent(pasted.lock());
    }

    /**
     * A busy lock that nobody else wants (held longer and taken more often than anything) never ranks above
     * a contended one; pasting either spec designates exactly it.
     */
    @Test
    void aBusyUncontendedLockNeverRanksAboveAContendedOne() throws Exception {
        var r = ChildJvm.withAgent("find=true").run(P + "FindTargets", "busy", "3", "40000");
        assertEquals("busy=160000 contended=120000\n", r.stdout());
        Candidate top = top(r);
        Candidate busy = candidate(r.report(), "lock=gilprobe.it.programs.FindTargets.BUSY");
        assertEquals("monitor=gilprobe.it.programs.FindTargets.CONTENDED", top.spec(), r.report().candidates().toString());
        assertTrue(top.blockedNanos() > 0 && top.contendedAcquisitions() > 0, top.toString());
        assertEquals(120_000, top.acquisitions());
        assertEquals(160_000, busy.acquisitions());
        assertEquals(0, busy.blockedNanos());
        assertEquals(0, busy.contendedAcquisitions());
        assertTrue(busy.heldNanos() > top.heldNanos(), "the busy one is held longer: " + busy + " vs " + top);
        assertEquals(1, busy.threads());

        for (Candidate c : List.of(top, busy)) {
            var pasted = ChildJvm.withAgent(c.spec()).run(P + "FindTargets", "busy", "3", "40000");
            assertEquals(0, pasted.exitCode(), pasted.stderr());
            assertEquals(c.spec(), pasted.lock().spec());
            assertEquals(c.acquisitions(), pasted.lock().acquisitions(), c.spec());
        }
    }

    /**
     * Two locks used alike in one run, one designated and one found: the same machinery measures both, so
     * their acquisitions are equal and their hold times alike (scheduling aside: a loose bound only).
     */
    @Test
    void aCandidateIsMeasuredAsItsDesignationWouldBe() throws Exception {
        var r = ChildJvm.withAgent("lock=gilprobe.it.programs.FindTargets.TWIN_A,find=true").run(P + "FindTargets", "twins", "3", "20000");
        assertEquals("a=60000 b=60000\n", r.stdout());
        LockReport a = r.lock();
        Candidate b = candidate(r.report(), "lock=gilprobe.it.programs.FindTargets.TWIN_B");
        assertEquals(a.acquisitions(), b.acquisitions());
        assertEquals(3, b.threads());
        double held = (double) b.heldNanos() / a.heldNanos();
        assertTrue(held > 0.33 && held < 3, "hold times alike: " + a.heldNanos() + " designated, " + b.heldNanos() + " found");
        assertTrue(r.report().candidates().stream().noneMatch(c -> c.spec().endsWith("TWIN_A")));
    }

    /** Designated locks keep their locks[] entries; find covers the rest. */
    @Test
    void findCombinesWithADesignation() throws Exception {
        String contended = "monitor=gilprobe.it.programs.FindTargets.CONTENDED";
        var r = ChildJvm.withAgent(contended + ",find=true").run(P + "FindTargets", "busy", "2", "20000");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(List.of(contended), r.report().locks().stream().map(LockReport::spec).toList());
        assertEquals(40_000, r.lock().acquisitions());
        LockCountsIT.assertConsistent(r.lock());
        assertTrue(r.report().candidates().stream().noneMatch(c -> c.spec().equals(contended)), "a designated lock is no candidate");
        assertEquals(80_000, candidate(r.report(), "lock=gilprobe.it.programs.FindTargets.BUSY").acquisitions());
    }

    /** A scripting engine that is not thread-safe, kept behind one monitor by its host. */
    @Test
    void aScriptingEngineBehindOneMonitorRanksFirst() throws Exception {
        var r = ChildJvm.withAgent("find=true").classpath(DispatchLoopsIT.luaClasspath())
                .run(P + "LuaRunner", "2", "threads", "3", "30");
        assertTrue(r.stdout().startsWith("calls=90 result="), r.stdout());
        Candidate top = top(r);
        assertEquals("monitor=gilprobe.it.programs.LuaRunner.engine", top.spec(), r.report().candidates().toString());
        assertEquals(90, top.acquisitions());
        assertTrue(top.waitNanos() > 0, top.toString());
        assertPrintedFirst(r, top.spec());

        var pasted = ChildJvm.withAgent(top.spec()).classpath(DispatchLoopsIT.luaClasspath())
                .run(P + "LuaRunner", "2", "threads", "3", "30");
        assertEquals(0, pasted.exitCode(), pasted.stderr());
        assertEquals(90, pasted.lock().acquisitions());
    }

    /**
     * 100,000 distinct objects, each locked once and all kept alive, before the program's contended lock is
     * first taken: the agent tracks 1024 of that class at once (4096 objects in all), says how many requests
     * it left out, and the contended lock still gets its place and ranks first.
     */
    @Test
    void manyObjectsStayBoundedAndWhatWasLeftOutIsSaid() throws Exception {
        var r = ChildJvm.withAgent("find=true").jvmArg("-Xmx256m").run(P + "FindTargets", "many", "100000");
        assertEquals("objects=100000 contended=200000 kept=100000\n", r.stdout());
        Candidate top = top(r);
        assertEquals("monitor=gilprobe.it.programs.FindTargets.CONTENDED", top.spec());
        assertEquals(200_000, top.acquisitions());
        Candidate objects = r.report().candidates().stream().filter(c -> c.name().startsWith("java.lang.Object objects"))
                .findFirst().orElseThrow(() -> new AssertionError(r.report().candidates().toString()));
        assertEquals("", objects.spec());
        assertEquals(1024, objects.instances());
        assertEquals(1024, objects.acquisitions());
        assertTrue(objects.name().contains("most requested at synchronized block gilprobe.it.programs.FindTargets.main:"), objects.name());
        assertTrue(r.report().notes().contains("find: " + (100_000 - 1024) + " requests on lock objects beyond the 1024 one"
                + " candidate group tracks at once were not measured (objects the program dropped free their place)"),
                r.report().notes().toString());
    }

    /** Nothing in the agent's find code knows a program by name (no heuristics tuned to the samples). */
    @Test
    void theFindCodeNamesNoProgram() throws IOException {
        Path main = Path.of("src", "main", "java", "gilprobe");
        for (Path f : List.of(main.resolve("record/Candidates.java"), main.resolve("output/FindSummary.java"),
                main.resolve("probe/Probes.java"), main.resolve("record/Recording.java"), main.resolve("instrument/LockCallRewriter.java"))) {
            String text = Files.readString(f);
            for (String name : Stream.of("minipy", "gilprobe.samples", "OldGil", "NewGil", "CpythonGil", "luaj", "LuaRunner", "FindTargets").toList()) {
                assertFalse(text.contains(name), f + " names " + name);
            }
        }
    }
}
