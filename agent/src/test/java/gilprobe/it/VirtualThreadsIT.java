package gilprobe.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import gilprobe.report.model.LockReport;

/**
 * Virtual threads on the newest JDK (Java 24+ unmounts a virtual thread blocked on a monitor, JEP 491):
 * every kind of designation, nesting, exceptions out of the held region, wait/notifyAll and
 * Condition.await, many more threads than carrier threads, under the default JIT, C1 only and the
 * interpreter. Exact counts against the program's ground truth (see VirtualThreads), and the target's
 * output unchanged. On the landed main before this test, the monitor runs crashed the JVM (SIGSEGV in
 * Probes.finishRequest) or lost acquisitions.
 */
class VirtualThreadsIT {
    private static final String P = "gilprobe.it.programs.";

    @ParameterizedTest(name = "{0} {1}x{2} {3}")
    @CsvSource({
            "monitor, 64, 20000, ''",
            "monitor, 1000, 2000, ''",
            "monitor, 64, 5000, -XX:TieredStopAtLevel=1",
            "monitor, 200, 500, -Xint",
            "lock, 64, 20000, ''",
            "lock, 1000, 2000, ''",
            "methods, 64, 5000, ''",
            "methods, 500, 500, -Xint",
    })
    void exactCountsWithVirtualThreads(String mode, int threads, int iterations, String jvmFlag) throws Exception {
        Path jdk = ChildJvm.newestJdkOrSkip(21);
        String designation = switch (mode) {
            case "monitor" -> "monitor=" + P + "VirtualThreads.MONITOR";
            case "lock" -> "lock=" + P + "VirtualThreads.LOCK";
            default -> "acquire=" + P + "VirtualThreads$MethodsGil#take,release=" + P + "VirtualThreads$MethodsGil#drop";
        };
        ChildJvm child = ChildJvm.withAgent(designation).javaHome(jdk);
        if (!jvmFlag.isEmpty()) {
            child.jvmArg(jvmFlag);
        }
        var r = child.run(P + "VirtualThreads", mode, String.valueOf(threads), String.valueOf(iterations));
        assertEquals(0, r.exitCode(), r.stderr());
        long n = threads;
        long thrownPerThread = (iterations + 6) / 7;
        assertEquals("counter=" + n * iterations + " thrown=" + n * thrownPerThread + "\n", r.stdout());
        assertFalse(r.stderr().contains("probe failed"), r.stderr());
        assertEquals("", r.programStderr().strip(), "the target's stderr is its own");

        LockReport lock = r.lock();
        long waits = mode.equals("methods") ? 0 : (iterations + 499) / 500;
        assertEquals(n * iterations + 2 * n * waits, lock.acquisitions(),
                "one per outermost block, plus the wait block and its return from wait, per thread");
        assertEquals(n * waits, lock.conditionWaits());
        assertTrue(lock.contendedAcquisitions() > 0, "virtual threads contend");
        LockCountsIT.assertConsistent(lock);
    }
}
