package gilprobe.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * {@code attach} to a JVM with 20,000 loaded classes (issue 11; one call per class used to stall such a JVM
 * for tens of seconds and the attach ended in "Premature EOF"). The target ({@code programs.ManyClasses})
 * counts its own acquisitions of the designated monitor, so the report's counts are checked exactly, and
 * HotSpot's redefinition log ({@code -Xlog:redefine+class+load}) says which classes were retransformed:
 * exactly the lock's class and the generated classes with something to instrument, each once.
 */
class AttachManyClassesIT {
    private static final String TARGET = "gilprobe.it.programs.ManyClasses";
    private static final int CLASSES = 20_000;

    @Test
    void attachReturnsRecordingTheLockAndInstrumentsTheRestInTheBackgroundOnlyWhereNeeded() throws Exception {
        Path dir = Files.createTempDirectory("gilprobe-many");
        Path generated = dir.resolve("generated.jar");
        GeneratedClasses.write(generated, CLASSES);
        Path redefinitions = dir.resolve("redefined.log");
        var child = ChildJvm.withoutAgent().jvmArg("-Xlog:redefine+class+load=info:file=" + redefinitions)
                .start(TARGET, generated.toString());
        String pid = String.valueOf(child.process.pid());
        try (OutputStream stdin = child.process.getOutputStream()) {
            child.awaitStdout("ready classes=" + CLASSES + "\n");

            ChildJvm.Cli attach = ChildJvm.jar("attach", pid, "monitor=" + TARGET + ".LOCK,out=" + dir.resolve("attached"));
            assertEquals(0, attach.exitCode(), attach.output() + child.stderrSoFar());
            assertEquals("gilprobe: " + pid + ": recording; the report goes to " + dir.resolve("attached")
                    + ".json and .html at exit, or at dump/stop\n", attach.output(), "no Premature EOF, no stack trace");
            String stderr = child.stderrSoFar();
            assertTrue(stderr.startsWith("gilprobe: attached: 1 class of the designated lock instrumented in "), stderr);
            assertTrue(stderr.contains("follow in the background (thread gilprobe-retransform)"), stderr);

            // the lock's own class was retransformed before attach returned: every acquisition from now on counts
            AttachIT.send(stdin, "phase1 50000");
            child.awaitStdout("phase1 acquisitions=100000\n");
            child.awaitStderr("gilprobe: retransformation done: ");
            // a generated class with a synchronized block on the lock: instrumented by the background phase
            AttachIT.send(stdin, "phase2 30000");
            child.awaitStdout("phase2 acquisitions=60000\n");

            Path last = dir.resolve("final");
            var r = AttachIT.stopThenExit(child, stdin, last);

            var lock = AttachIT.read(Path.of(last + ".json")).locks().get(0);
            assertEquals(160_000, lock.acquisitions(), "phase 1 and phase 2, every acquisition after the attach");
            assertEquals(lock.acquisitions(), lock.holdTimes().count());

            Set<String> expected = new HashSet<>(GeneratedClasses.needingWork(CLASSES));
            expected.add(TARGET);
            Matcher m = Pattern.compile("gilprobe: retransformation: (\\d+) classes judged in [0-9.]+ s: (\\d+) to instrument")
                    .matcher(r.stderr());
            assertTrue(m.find(), r.stderr());
            assertTrue(Integer.parseInt(m.group(1)) >= CLASSES, "every loaded class outside the JDK was judged: " + m.group());
            assertEquals(expected.size() - 1, Integer.parseInt(m.group(2)), m.group());

            Map<String, Set<Integer>> counts = AttachIT.redefinitions(redefinitions);
            assertEquals(expected, counts.keySet(), "retransformed: exactly the classes with something to instrument");
            // count 1 by the attach, count 2 by stop (which restores them): never twice by the attach. The target's
            // main method runs its command loop until "exit", so stop leaves its class to be restored later.
            for (var e : counts.entrySet()) {
                assertEquals(e.getKey().equals(TARGET) ? Set.of(1) : Set.of(1, 2), e.getValue(), e.getKey());
            }
            assertTrue(r.stderr().contains("gilprobe: stopped; 1 instrumented class is restored once no thread runs a loop"
                    + " of it (restoring now would leave the loop interpreted until it returns): " + TARGET + " (main on \"main\")"),
                    r.stderr());
            assertFalse(r.stderr().contains("could not"), r.stderr());
        } finally {
            child.process.destroyForcibly();
        }
    }
}
