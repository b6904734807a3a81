package gilprobe.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The agent never changes what the target prints or how it exits, and rejects bad options in one line. */
class SafetyIT {
    private static final String P = "gilprobe.it.programs.";

    @ParameterizedTest
    @CsvSource({"normal,0", "exit3,3", "throw,1"})
    void outputAndExitCodeAreUnchanged(String mode, int expectedExit) throws Exception {
        var plain = ChildJvm.withoutAgent().run(P + "Exits", mode);
        var probed = ChildJvm.withAgent("monitor=" + P + "Exits.LOCK").run(P + "Exits", mode);
        assertEquals(expectedExit, plain.exitCode());
        assertEquals(plain.exitCode(), probed.exitCode());
        assertEquals(plain.stdout(), probed.stdout());
        assertEquals(plain.programStderr(), probed.programStderr());
        assertEquals(5, probed.lock().acquisitions(), "and the report is written on every exit path");
    }

    /** find=true too: every monitor measured, the program's output, stderr and exit status as without the agent. */
    @ParameterizedTest
    @CsvSource({"normal,0", "exit3,3", "throw,1"})
    void findChangesNeitherOutputNorExitCode(String mode, int expectedExit) throws Exception {
        var plain = ChildJvm.withoutAgent().run(P + "Exits", mode);
        var probed = ChildJvm.withAgent("find=true").run(P + "Exits", mode);
        assertEquals(expectedExit, probed.exitCode());
        assertEquals(plain.stdout(), probed.stdout());
        assertEquals(plain.programStderr(), probed.programStderr());
        var top = probed.report().candidates().get(0);
        assertEquals("monitor=" + P + "Exits.LOCK", top.spec());
        assertEquals(5, top.acquisitions(), "and the report is written on every exit path");
        assertTrue(probed.stderr().contains("gilprobe: find: 1. monitor=" + P + "Exits.LOCK  blocked 0 s, waited by 0 threads,"
                + " 5 acquisitions, utilization "), probed.stderr());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "monitor",
            "bogus=1",
            "monitor=a.B.c,monitor=a.B.c",
            "monitor=a..B",
            "monitor=1abc.D",
            "lock=NoField",
            "acquire=a.B#take",
            "release=a.B#drop",
            "acquire=a.B,release=a.B#drop",
            "acquire=a.B#take,release=a.C#drop",
            "acquire=a.B#x,release=a.B#x",
            "release=a.B#drop,acquire=a.B#take",
            "monitor=a.B.c,monitor=a.B.d,monitor=a.B.e,monitor=a.B.f,monitor=a.B.g,monitor=a.B.h,monitor=a.B.i,monitor=a.B.j,monitor=a.B.k",
            "monitor=a.B.c,lock=a.B.d,monitor=a.B.c",
            "find=maybe",
            "find=false",
            "monitor=a.B.c,dispatchCases=1",
            "monitor=a.B.c,dispatchCases=many",
            "monitor=a.B.c,opcodes=maybe",
            "monitor=a.B.c,timeline=-1",
            "monitor=a.B.c,dispatch=off,dispatch=a.b",
            "monitor=a.B.c,dispatch=a b",
            "monitor=a.B.c,out=",
    })
    void badOptionStopsTheLaunchWithOneLine(String options) throws Exception {
        var r = ChildJvm.withRawAgentOptions(options).run(P + "Exits", "normal");
        assertEquals(2, r.exitCode(), r.stderr());
        assertEquals("", r.stdout(), "the program did not run");
        String[] lines = r.stderr().strip().split("\n");
        assertEquals(1, lines.length, "one line: " + r.stderr());
        assertTrue(lines[0].startsWith("gilprobe: "), lines[0]);
        assertFalse(r.stderr().contains("Exception"), r.stderr());
    }

    @Test
    void unwritableOutputDirectoryFallsBackToTheTempDirectory() throws Exception {
        Path dir = Files.createTempDirectory("gilprobe-ro");
        Path blocked = dir.resolve("not-a-dir");
        Files.writeString(blocked, "a file where a directory should be");
        Path tmp = Files.createTempDirectory("gilprobe-tmp");
        var r = ChildJvm.withAgent("monitor=" + P + "Exits.LOCK,out=" + blocked.resolve("sub").resolve("run"))
                .jvmArg("-Djava.io.tmpdir=" + tmp).run(P + "Exits", "normal");
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("gilprobe: cannot write"), r.stderr());
        assertTrue(Files.exists(tmp.resolve("run.json")), "written to the temp directory instead: " + r.stderr());
        assertTrue(Files.exists(tmp.resolve("run.html")));
    }
}
