package gilprobe.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Instrumented methods stay compilable: HotSpot silently refuses to compile a method whose monitors it
 * cannot match, or whose exception handler covers a call in its own block, and the target slows down.
 */
class JitCompilesIT {
    private static final String P = "gilprobe.it.programs.";
    private static final String[] HOT = {"block", "throwing", "instanceSync", "staticSync", "reentrant", "dispatch"};

    @ParameterizedTest
    @ValueSource(strings = {"monitor=" + P + "HotLoops.LOCK", "monitor=" + P + "HotLoops", "lock=" + P + "HotLoops.RLOCK"})
    void everyHotInstrumentedMethodIsCompiledByC1AndC2(String designation) throws Exception {
        // -Xbatch: compilations finish before the method runs on, so a busy machine cannot end the
        // program before C2 is done (a CI run once missed tier 4 that way)
        var r = ChildJvm.withAgent(designation + ",dispatchCases=6").jvmArg("-XX:+PrintCompilation").jvmArg("-Xbatch")
                .run(P + "HotLoops");
        assertEquals(0, r.exitCode(), r.stderr());
        List<String> skipped = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            if (line.contains("HotLoops::") && (line.contains("COMPILE SKIPPED") || line.contains("not compilable"))) {
                skipped.add(line.strip());
            }
        }
        assertEquals(List.of(), skipped, "methods the JIT refused");
        for (String m : HOT) {
            assertTrue(r.stdout().lines().anyMatch(l -> l.contains("HotLoops::" + m + " ") && l.matches(".*\\s[123]\\s+gilprobe.*")),
                    m + " compiled by C1 (tier 1-3)");
            assertTrue(r.stdout().lines().anyMatch(l -> l.contains("HotLoops::" + m + " ") && l.matches(".*\\s4\\s+gilprobe.*")),
                    m + " compiled by C2 (tier 4)");
        }
        assertTrue(r.lock().acquisitions() > 0);
    }
}
