package gilprobe.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import gilprobe.report.model.DispatchLoop;
import gilprobe.report.model.LockReport;
import gilprobe.report.model.ThreadReport;

/** Dispatch loops of real interpreters, counted exactly against the interpreters' own counts. */
class DispatchLoopsIT {
    static final String MINIPY = "gilprobe.samples.minipy.Main";
    static final String GIL = "acquire=gilprobe.samples.minipy.gil.Gil#acquire,release=gilprobe.samples.minipy.gil.Gil#release";

    static Path program(String source) throws Exception {
        Path p = Files.createTempFile("minipy", ".py");
        Files.writeString(p, source);
        return p;
    }

    static final String TWO_THREADS = String.join("\n",
            "import threading",
            "def countdown(n):",
            "    while n > 0:",
            "        n -= 1",
            "def work(k):",
            "    total = 0",
            "    i = 0",
            "    while i < k:",
            "        if i % 3 == 0:",
            "            total += i // 2",
            "        else:",
            "            total -= 1",
            "        i += 1",
            "    return total",
            "t1 = threading.Thread(target=countdown, args=(200000,))",
            "t2 = threading.Thread(target=work, args=(50000,))",
            "t1.start()",
            "t2.start()",
            "t1.join()",
            "t2.join()",
            "print(work(1000))",
            "");

    /** minipy's --count-instructions lines: thread name -> instructions. */
    static Map<String, Long> minipyCounts(String stderr) {
        Map<String, Long> counts = new HashMap<>();
        Matcher m = Pattern.compile("minipy: thread (\\S+) executed (\\d+) instructions").matcher(stderr);
        while (m.find()) {
            counts.put(m.group(1), Long.parseLong(m.group(2)));
        }
        Matcher total = Pattern.compile("minipy: total executed (\\d+) instructions").matcher(stderr);
        assertTrue(total.find(), stderr);
        counts.put("*total*", Long.parseLong(total.group(1)));
        return counts;
    }

    static DispatchLoop minipyLoop(ChildJvm.Result r) {
        return r.report().dispatchLoops().stream()
                .filter(l -> l.className().equals("gilprobe.samples.minipy.Interpreter")).findFirst()
                .orElseThrow(() -> new AssertionError("minipy's loop not detected: " + r.report().dispatchLoops()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"old", "new", "fair", "none"})
    void minipyTicksEqualItsOwnInstructionCount(String gil) throws Exception {
        Path prog = program(TWO_THREADS);
        var r = ChildJvm.withAgent(GIL).classpath(ChildJvm.SAMPLE_APPS_JAR.toString())
                .run(MINIPY, "--gil", gil, "--count-instructions", prog.toString());
        assertEquals(0, r.exitCode(), r.stderr());
        Map<String, Long> truth = minipyCounts(r.stderr());
        DispatchLoop loop = minipyLoop(r);
        assertEquals(truth.get("*total*"), loop.ticks(), "all ticks");
        for (DispatchLoop.LoopThread t : loop.threads()) {
            assertEquals(truth.get(t.name()), t.ticks(), "ticks of " + t.name());
        }
        assertEquals(3, loop.threads().size(), "MainThread, Thread-1, Thread-2");
        assertTrue(loop.cases() >= 20, "minipy's switch has its opcodes as cases: " + loop.cases());
        // ticks held + not held add up to each thread's ticks
        LockReport lock = r.lock();
        for (ThreadReport t : lock.threads()) {
            assertEquals(truth.get(t.name()), t.ticksHeld() + t.ticksNotHeld(), t.name());
        }
        if (gil.equals("none")) {
            assertEquals(0, lock.acquisitions(), "no GIL: never acquired");
            assertTrue(lock.threads().stream().allMatch(t -> t.ticksHeld() == 0), "every tick outside the lock");
        } else {
            assertTrue(lock.threads().stream().allMatch(t -> t.ticksNotHeld() == 0), "every tick under the GIL: " + lock.threads());
        }
    }

    @Test
    void oldGilChecksEveryHundredTicks() throws Exception {
        Path prog = program(TWO_THREADS);
        var r = ChildJvm.withAgent(GIL).classpath(ChildJvm.SAMPLE_APPS_JAR.toString())
                .run(MINIPY, "--gil", "old", "--check-interval", "100", prog.toString());
        assertEquals(0, r.exitCode(), r.stderr());
        LockReport lock = r.lock();
        assertEquals(100, lock.ticksPerHold().p50(), "the effective check interval");
        assertTrue(lock.ticksPerHold().max() <= 100 + 5, "no hold runs much past the check: " + lock.ticksPerHold().max());
        long ticks = minipyLoop(r).ticks();
        assertEquals(ticks, lock.threads().stream().mapToLong(ThreadReport::ticksHeld).sum());
    }

    @Test
    void perOpcodeCountsAddUpToTheTicks() throws Exception {
        Path prog = program(TWO_THREADS);
        var r = ChildJvm.withAgent(GIL + ",opcodes=true").classpath(ChildJvm.SAMPLE_APPS_JAR.toString())
                .run(MINIPY, "--gil", "new", prog.toString());
        assertEquals(0, r.exitCode(), r.stderr());
        DispatchLoop loop = minipyLoop(r);
        long sum = loop.opcodes().stream().mapToLong(DispatchLoop.OpcodeCount::count).sum();
        assertEquals(loop.ticks(), sum);
        assertTrue(loop.opcodes().size() > 5, "several opcodes ran: " + loop.opcodes());
    }

    @Test
    void dispatchOffDisablesDetection() throws Exception {
        Path prog = program(TWO_THREADS);
        var r = ChildJvm.withAgent(GIL + ",dispatch=off").classpath(ChildJvm.SAMPLE_APPS_JAR.toString())
                .run(MINIPY, "--gil", "new", prog.toString());
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(0, r.report().dispatchLoops().size());
        assertTrue(r.lock().acquisitions() > 0);
    }

    static String luaClasspath() {
        String luaj = null;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.contains("luaj")) {
                luaj = entry;
            }
        }
        assertTrue(luaj != null, "luaj on the test class path");
        return Path.of("target", "test-classes").toAbsolutePath() + File.pathSeparator + luaj;
    }

    /**
     * Ticks kept in a local (DispatchCounter) reach the counter on every way out of the loop's method: a
     * return, its own athrow, a call that throws, and an instruction that throws by itself (the catch-all).
     * With {@code opcodes=true} the ticks are in a local too and the cases in memory: each op's count is the
     * one the program's own loop makes (ops 6 to 9 end a program each, a quarter of them each).
     */
    @ParameterizedTest
    @CsvSource({",false", "-Xint,false", ",true", "-Xint,true"})
    void ticksAreExactWhenTheLoopIsLeftByAnException(String jvmFlag, boolean opcodes) throws Exception {
        ChildJvm jvm = ChildJvm.withAgent("monitor=gilprobe.it.programs.Spin.NONE,dispatchCases=8" + (opcodes ? ",opcodes=true" : ""));
        if (jvmFlag != null) {
            jvm.jvmArg(jvmFlag);
        }
        int programs = 200_000;
        var r = jvm.run("gilprobe.it.programs.ThrowingLoop", String.valueOf(programs));
        assertEquals(0, r.exitCode(), r.stderr());
        Matcher m = Pattern.compile("ticks=(\\d+) thrown=(\\d+)").matcher(r.stdout());
        assertTrue(m.find(), r.stdout());
        assertEquals(150_000, Long.parseLong(m.group(2)), "three of four programs end by an exception");
        DispatchLoop loop = r.report().dispatchLoops().stream()
                .filter(l -> l.className().equals("gilprobe.it.programs.ThrowingLoop") && l.method().equals("run"))
                .findFirst().orElseThrow(() -> new AssertionError("ThrowingLoop.run not found: " + r.report().dispatchLoops()));
        assertEquals(Long.parseLong(m.group(1)), loop.ticks(), "every op, whichever way the loop was left");
        if (!opcodes) {
            assertTrue(loop.opcodes().isEmpty(), "no per-op counts without opcodes=true: " + loop.opcodes());
            return;
        }
        long[] expected = new long[10]; // ThrowingLoop's programs, op by op
        for (int i = 0; i < programs; i++) {
            for (int k = 0; k < i % 13; k++) {
                expected[(i + k) % 6]++;
            }
            expected[6 + i % 4]++;
        }
        Map<Integer, Long> counted = new HashMap<>();
        for (DispatchLoop.OpcodeCount c : loop.opcodes()) {
            counted.put(c.isDefault() ? -1 : c.key(), c.count());
        }
        for (int op = 0; op < expected.length; op++) {
            assertEquals(expected[op], counted.getOrDefault(op, 0L), "op " + op + " of " + counted);
        }
        assertEquals(0L, counted.getOrDefault(-1, 0L), "the default branch never ran");
    }

    @Test
    void luajTicksEqualLuajsOwnCountHook() throws Exception {
        var hooked = ChildJvm.withoutAgent().classpath(luaClasspath()).run("gilprobe.it.programs.LuaRunner", "3", "hook");
        assertEquals(0, hooked.exitCode(), hooked.stderr());
        long truth = Long.parseLong(hooked.stdout().replaceAll("(?s).*instructions=(\\d+).*", "$1"));
        var r = ChildJvm.withAgent("monitor=gilprobe.it.programs.Spin.NONE,dispatch=org.luaj")
                .classpath(luaClasspath()).run("gilprobe.it.programs.LuaRunner", "3");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(hooked.stdout().replaceAll("(?s).*(result=\\S+).*", "$1"), r.stdout().strip(), "same result");
        DispatchLoop execute = r.report().dispatchLoops().stream()
                .filter(l -> l.className().equals("org.luaj.vm2.LuaClosure") && l.method().equals("execute"))
                .findFirst().orElseThrow(() -> new AssertionError("LuaClosure.execute not found: " + r.report().dispatchLoops()));
        assertEquals(truth, execute.ticks(), "one tick per Lua instruction, across pcall errors and re-entrant calls");
        assertTrue(r.report().dispatchLoops().stream().allMatch(l -> l.className().startsWith("org.luaj")),
                "dispatch= narrows detection: " + r.report().dispatchLoops());
    }
}
