package gilprobe.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code attach} while a thread runs a loop of a class that has something to instrument
 * ({@code programs.LoopAtAttach}: {@code Busy.spin} loops, {@code Busy.take} takes the designated monitor).
 * Retransforming {@code Busy} then would leave the running loop interpreted until it returns (on GraalPy,
 * its dispatch loop: threads 10x slower). So the class waits, named on stderr and in the report, and is
 * retransformed once the loop has returned; its later acquisitions are counted exactly. HotSpot's
 * redefinition log says when the class was retransformed.
 */
class AttachRunningLoopIT {
    private static final String TARGET = "gilprobe.it.programs.LoopAtAttach";
    private static final String BUSY = TARGET + "$Busy";

    /**
     * On the JDK that runs the tests (17) and on the newest one found (25 here; skipped when there is none),
     * there also with the loop in a virtual thread, which {@code Thread.getAllStackTraces} does not list.
     */
    @ParameterizedTest
    @ValueSource(strings = {"this", "newest", "newest-virtual"})
    void aClassWhoseLoopRunsWaitsUntilTheLoopReturnsThenItsCallsAreCountedExactly(String jdk) throws Exception {
        Path dir = Files.createTempDirectory("gilprobe-running-loop");
        Path redefinitions = dir.resolve("redefined.log");
        ChildJvm jvm = ChildJvm.withoutAgent().jvmArg("-Xlog:redefine+class+load=info:file=" + redefinitions);
        if (jdk.startsWith("newest")) {
            jvm.javaHome(ChildJvm.newestJdkOrSkip(21));
        }
        boolean virtual = jdk.endsWith("virtual");
        String spinner = virtual ? "virtual \"spinner\"" : "\"spinner\"";
        var child = virtual ? jvm.start(TARGET, "virtual") : jvm.start(TARGET);
        String pid = String.valueOf(child.process.pid());
        try (OutputStream stdin = child.process.getOutputStream()) {
            child.awaitStdout("spinning\n");
            ChildJvm.Cli attach = ChildJvm.jar("attach", pid, "monitor=" + TARGET + ".LOCK,out=" + dir.resolve("attached"));
            assertEquals(0, attach.exitCode(), attach.output() + child.stderrSoFar());
            child.awaitStderr("or from the start under -javaagent\n");
            String stderr = child.stderrSoFar();
            // the lock's class is instrumented at once, a loop of it named (main reads stdin in one, spinner waits in one)
            assertTrue(stderr.matches("(?s).*gilprobe: attached while threads ran loops of the lock's classes: " + TARGET.replace(".", "\\.")
                    + " \\((main on \"main\"|spinner on " + spinner + ")\\)\\. Those calls go on with the code they started with.*"), stderr);
            assertTrue(stderr.contains("gilprobe: retransformation done: 0 classes instrumented in "), stderr);
            assertTrue(stderr.contains("; 1 wait\n"), stderr);
            assertTrue(stderr.contains("gilprobe: retransformation: 1 class not instrumented yet: a thread runs a loop of"
                    + " it, which retransforming would leave interpreted (several times slower) until it returns: " + BUSY
                    + " (spin on " + spinner + ")."), stderr);
            assertFalse(AttachIT.redefinitions(redefinitions).containsKey(BUSY), "not retransformed while its loop runs");

            AttachIT.send(stdin, "end-spin");
            child.awaitStdout("spun\n");
            child.awaitStderr("gilprobe: retransformation: 1 of the classes that waited for their loops instrumented;"
                    + " none waits any more\n");
            assertTrue(AttachIT.redefinitions(redefinitions).containsKey(BUSY), "retransformed once the loop returned");
            AttachIT.send(stdin, "take 5000");
            child.awaitStdout("took 5000 counter=5000\n");

            Path last = dir.resolve("final");
            var r = AttachIT.stopThenExit(child, stdin, last);

            var report = AttachIT.read(Path.of(last + ".json"));
            var lock = report.locks().get(0);
            assertEquals(5000, lock.acquisitions(), "every acquisition after the class was instrumented, none before");
            assertEquals(5000, lock.holdTimes().count());
            assertTrue(report.notes().stream().anyMatch(n -> n.startsWith("1 class not instrumented yet: a thread runs a loop")),
                    report.notes().toString());
            assertFalse(r.stderr().contains("could not"), r.stderr());
        } finally {
            child.process.destroyForcibly();
        }
    }
}
