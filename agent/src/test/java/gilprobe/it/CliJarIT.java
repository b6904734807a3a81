package gilprobe.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The command line of the shaded jar, built on picocli relocated into {@code gilprobe.internal.picocli}:
 * every command answers {@code --help} and refuses bad input in one line, and neither {@code premain} nor
 * {@code agentmain} loads picocli into the program's JVM.
 */
class CliJarIT {
    private static final List<String> COMMANDS = List.of("list", "attach", "dump", "stop", "report", "compare", "merge", "help");

    @Test
    void everyCommandAnswersHelpFromTheShadedJar() throws Exception {
        ChildJvm.Cli top = ChildJvm.jar("--help");
        assertEquals(0, top.exitCode(), top.output());
        for (String c : COMMANDS) {
            assertTrue(top.output().contains("\n  " + c + " "), c + ":\n" + top.output());
            ChildJvm.Cli help = ChildJvm.jar(c, "--help");
            assertEquals(0, help.exitCode(), help.output());
            assertTrue(help.output().contains("Usage: java -jar gilprobe.jar " + c + " [-h]"), help.output());
        }
        ChildJvm.Cli none = ChildJvm.jar();
        assertEquals(2, none.exitCode(), "no command: the help, and a usage error");
        assertEquals(top.output(), none.output());
    }

    @Test
    void badInputIsOneLineWithExitStatus2() throws Exception {
        String[][] bad = {{"frob"}, {"report"}, {"compare", "a.json"}, {"list", "x"}, {"attach", "12"}, {"dump", "pid"},
            {"stop"}, {"attach", "1", "monitor=a.B.c,timeline=lots"}};
        for (String[] args : bad) {
            ChildJvm.Cli r = ChildJvm.jar(args);
            assertEquals(2, r.exitCode(), String.join(" ", args) + ": " + r.output());
            assertEquals(1, r.output().lines().count(), r.output());
            assertTrue(r.output().startsWith("gilprobe: "), r.output());
            assertFalse(r.output().contains("Exception") || r.output().contains("picocli"), r.output());
        }
        ChildJvm.Cli missing = ChildJvm.jar("report", "/nonexistent/run.json");
        assertEquals(1, missing.exitCode(), missing.output());
        assertEquals("gilprobe: no such file: /nonexistent/run.json\n", missing.output());
    }

    /** The prefix made absolute in a directory named with a comma would split into two options in the target. */
    @Test
    void attachFromADirectoryWithACommaIsRefusedBeforeReachingTheTarget() throws Exception {
        Path dir = Files.createDirectories(Files.createTempDirectory("gilprobe-cli").resolve("a,b"));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                ChildJvm.AGENT_JAR.toString(), "attach", "1", "monitor=a.B.c,out=run").directory(dir.toFile())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), output);
        assertEquals("gilprobe: the output prefix " + dir.resolve("run") + " has a comma, which separates agent options; "
                + "give out= a path without one\n", output);
    }

    @Test
    void premainLoadsNoPicocli() throws Exception {
        Path log = Files.createTempFile("gilprobe-classes", ".log");
        var r = ChildJvm.withAgent("monitor=" + gilprobe.it.programs.SyncBlocks.class.getName() + ".LOCK")
                .jvmArg("-Xlog:class+load=info:file=" + log).run(gilprobe.it.programs.SyncBlocks.class.getName(), "2", "1000");
        assertEquals(0, r.exitCode(), r.stderr());
        String loaded = Files.readString(log);
        assertTrue(loaded.contains("gilprobe.Agent "), "the log names the agent's classes");
        assertFalse(loaded.contains("picocli"), "picocli loaded by premain");
        assertFalse(loaded.contains("gilprobe.cli."), "the CLI loaded by premain");
    }

    @Test
    void agentmainLoadsNoPicocli() throws Exception {
        Path log = Files.createTempFile("gilprobe-classes", ".log");
        String until = gilprobe.it.programs.UntilStopped.class.getName();
        var child = ChildJvm.withoutAgent().jvmArg("-Xlog:class+load=info:file=" + log).start(until, "stop-now");
        String pid = String.valueOf(child.process.pid());
        try {
            AttachIT.awaitAttachable(pid);
            ChildJvm.Cli attach = ChildJvm.jar("attach", pid, "monitor=" + until + ".LOCK,out=" + child.dir.resolve("attached"));
            assertEquals(0, attach.exitCode(), attach.output());
            ChildJvm.Cli stop = ChildJvm.jar("stop", pid);
            assertEquals(0, stop.exitCode(), stop.output());
        } finally {
            Files.writeString(child.dir.resolve("stop-now"), "");
            var r = child.finish();
            assertEquals(0, r.exitCode(), r.stderr());
        }
        String loaded = Files.readString(log);
        assertTrue(loaded.contains("gilprobe.Agent "), "the log names the agent's classes");
        assertFalse(loaded.contains("picocli"), "picocli loaded by agentmain");
        assertFalse(loaded.contains("gilprobe.cli."), "the CLI loaded by agentmain");
    }
}
