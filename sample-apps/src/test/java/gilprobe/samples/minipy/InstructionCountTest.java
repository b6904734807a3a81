package gilprobe.samples.minipy;

import gilprobe.samples.minipy.gil.GilPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code --count-instructions} is ground truth for a profiler's tick counter, so it must be
 * exact. Expected counts are derived by hand from the bytecode (see the comments, and
 * {@code --dis}), independently of the interpreter.
 */
class InstructionCountTest {
    private static final Pattern THREAD_LINE = Pattern.compile("minipy: thread (\\S+) executed (\\d+) instructions");
    private static final Pattern TOTAL_LINE = Pattern.compile("minipy: total executed (\\d+) instructions");

    /*
     * module: MAKE_FUNCTION f; STORE_GLOBAL f; LOAD_GLOBAL f; LOAD_CONST k; CALL_FUNCTION 1;
     *         POP_TOP; LOAD_CONST None; RETURN_VALUE                                    = 8
     * f, per iteration: LOAD_FAST n; LOAD_CONST 0; COMPARE_GT; POP_JUMP_IF_FALSE;
     *         LOAD_FAST n; LOAD_CONST 1; BINARY_SUBTRACT; STORE_FAST n; JUMP_ABSOLUTE  = 9
     * f, exit: the four test instructions, then LOAD_CONST None; RETURN_VALUE          = 6
     */
    private static final String LOOP = """
            def f(n):
                while n > 0:
                    n -= 1
            f(%d)
            """;

    private static long loopFunction(long k) {
        return 9 * k + 6;
    }

    /**
     * Threads: main = IMPORT_NAME, STORE_GLOBAL (2); MAKE_FUNCTION, STORE_GLOBAL (2);
     * each Thread(...) assignment: LOAD_GLOBAL threading, LOAD_ATTR Thread, LOAD_GLOBAL f,
     * LOAD_CONST k, BUILD_TUPLE 1, CALL_FUNCTION_KW 2, STORE_GLOBAL (7, twice);
     * each start()/join() statement: LOAD_GLOBAL t, LOAD_ATTR, CALL_FUNCTION 0, POP_TOP (4, four
     * times); LOAD_CONST None, RETURN_VALUE (2). Total 2 + 2 + 14 + 16 + 2 = 36.
     * Each thread runs f(k) alone: {@link #loopFunction}.
     */
    private static final String THREADS = """
            import threading
            def f(n):
                while n > 0:
                    n -= 1
            t1 = threading.Thread(target=f, args=(%d,))
            t2 = threading.Thread(target=f, args=(%d,))
            t1.start()
            t2.start()
            t1.join()
            t2.join()
            """;

    private static Map<String, Long> counts(MinipyRunner.Result r) {
        assertEquals(0, r.status(), r.err());
        Map<String, Long> counts = new LinkedHashMap<>();
        List<String> lines = r.errLines();
        for (int i = 0; i < lines.size() - 1; i++) {
            Matcher m = THREAD_LINE.matcher(lines.get(i));
            if (!m.matches()) throw new AssertionError("unexpected stderr line: " + lines.get(i));
            counts.put(m.group(1), Long.parseLong(m.group(2)));
        }
        Matcher total = TOTAL_LINE.matcher(lines.get(lines.size() - 1));
        if (!total.matches()) throw new AssertionError("no total line: " + r.err());
        counts.put("<total>", Long.parseLong(total.group(1)));
        return counts;
    }

    private static MinipyRunner.Result run(GilPolicy policy, String source) {
        return MinipyRunner.run(MinipyRunner.options(policy).withCountInstructions(true).withCheckInterval(7), source);
    }

    @ParameterizedTest
    @EnumSource(GilPolicy.class)
    void singleThreadCountIsExact(GilPolicy policy) {
        for (long k : new long[] {0, 1, 2, 1000, 123_457}) {
            Map<String, Long> counts = counts(run(policy, LOOP.formatted(k)));
            long expected = 8 + loopFunction(k);
            assertEquals(Map.of("MainThread", expected, "<total>", expected), counts, "k=" + k);
        }
    }

    @ParameterizedTest
    @EnumSource(GilPolicy.class)
    void perThreadCountsAreExact(GilPolicy policy) {
        long k1 = 200_003;
        long k2 = 77_777;
        Map<String, Long> counts = counts(run(policy, THREADS.formatted(k1, k2)));
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("MainThread", 36L);
        expected.put("Thread-1", loopFunction(k1));
        expected.put("Thread-2", loopFunction(k2));
        expected.put("<total>", 36 + loopFunction(k1) + loopFunction(k2));
        assertEquals(expected, counts);
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(counts.keySet()), "threads are listed in start order");
    }

    /** fib(n) runs 6 instructions when n < 2, else 16 plus its two calls. */
    private static long fibCount(int n) {
        return n < 2 ? 6 : 16 + fibCount(n - 1) + fibCount(n - 2);
    }

    @Test
    void recursiveCallsAreCountedInTheCallingThread() {
        // module: MAKE_FUNCTION, STORE_GLOBAL, LOAD_GLOBAL, LOAD_CONST, CALL_FUNCTION, POP_TOP,
        // LOAD_CONST None, RETURN_VALUE = 8
        Map<String, Long> counts = counts(run(GilPolicy.NEW, """
                def fib(n):
                    if n < 2:
                        return n
                    return fib(n - 1) + fib(n - 2)
                fib(15)
                """));
        assertEquals(8 + fibCount(15), counts.get("MainThread"));
    }

    @Test
    void withoutTheFlagNothingIsPrinted() {
        MinipyRunner.Result r = MinipyRunner.run(LOOP.formatted(10));
        assertEquals("", r.err());
    }
}
