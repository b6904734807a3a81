package gilprobe.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the target prints, on stdout and on stderr, is byte for byte what it prints without gilprobe, but
 * for lines that start with {@code gilprobe:}: at launch (the jar's {@code Boot-Class-Path}), at launch
 * with the jar renamed into a directory with spaces (the attribute then names a missing file, and the
 * agent defines its probes in the bootstrap loader itself), and at attach. The JVM prints a notice when
 * the bootstrap class path is appended to while the program runs; none of these may make it. Runs on
 * this JVM and on each JDK of {@code -Dgilprobe.it.jdks=<home>[:<home>...]}.
 */
class OutputIdentityIT {
    private static final String P = "gilprobe.it.programs.";
    private static final String OPTIONS = "monitor=" + P + "Exits.LOCK";

    static List<Path> jdks() {
        return ChildJvm.jdks();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void atLaunch(Path jdk) throws Exception {
        var plain = ChildJvm.withoutAgent().javaHome(jdk).run(P + "Exits", "normal");
        var probed = ChildJvm.withAgent(OPTIONS).javaHome(jdk).run(P + "Exits", "normal");
        assertSameOutput(plain, probed);
        assertEquals(5, probed.lock().acquisitions());
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void atLaunchWithTheJarRenamedIntoADirectoryWithSpaces(Path jdk) throws Exception {
        Path dir = Files.createTempDirectory("gilprobe it").resolve("a dir with spaces");
        Files.createDirectories(dir);
        Path renamed = Files.copy(ChildJvm.AGENT_JAR, dir.resolve("gilprobe 0.1 renamed.jar"));
        var plain = ChildJvm.withoutAgent().javaHome(jdk).run(P + "Exits", "normal");
        var probed = ChildJvm.withAgent(OPTIONS).javaHome(jdk).agentJar(renamed).run(P + "Exits", "normal");
        assertSameOutput(plain, probed);
        assertEquals(5, probed.lock().acquisitions(), "the probes were reached from the program's loader");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void atAttach(Path jdk) throws Exception {
        var plain = ChildJvm.withoutAgent().javaHome(jdk).start(P + "Exits", "normal", "stdin");
        plain.awaitStdout("waiting\n");
        var plainResult = sendLineAndFinish(plain);

        // Java 21+ warns about an agent loaded into a running JVM unless the JVM allows it (JEP 451): the
        // target's own choice, made by this flag (which Java 17 does not know, hence the first one)
        var target = ChildJvm.withoutAgent().javaHome(jdk).jvmArg("-XX:+IgnoreUnrecognizedVMOptions")
                .jvmArg("-XX:+EnableDynamicAgentLoading").start(P + "Exits", "normal", "stdin");
        target.awaitStdout("waiting\n");
        ChildJvm.Cli attach = ChildJvm.jar("attach", String.valueOf(target.process.pid()), OPTIONS + ",out=" + target.prefix);
        assertEquals(0, attach.exitCode(), attach.output() + target.stderrSoFar());
        var probed = sendLineAndFinish(target);

        assertSameOutput(plainResult, probed);
        assertEquals(5, probed.lock().acquisitions(), "every acquisition after the attach");
    }

    private static void assertSameOutput(ChildJvm.Result plain, ChildJvm.Result probed) {
        assertEquals(plain.exitCode(), probed.exitCode());
        assertEquals(plain.stdout(), probed.programStdout(), "stdout");
        assertEquals(plain.stderr(), probed.programStderr(), "stderr");
    }

    private static ChildJvm.Result sendLineAndFinish(ChildJvm.Running child) throws Exception {
        try (OutputStream in = child.process.getOutputStream()) {
            in.write("go\n".getBytes(StandardCharsets.UTF_8));
        }
        return child.finish();
    }
}
