package gilprobe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import gilprobe.options.AgentOptions;
import gilprobe.report.json.ReportFiles;
import gilprobe.report.json.ReportJson;
import gilprobe.report.model.Report;
import gilprobe.report.testing.SyntheticReports;

/**
 * The command line: its help, its usage errors (one line, exit status 2), and what {@code report} and
 * {@code compare} refuse, in one line, and never overwrite.
 */
class MainTest {
    @TempDir
    Path dir;
    private Path a;
    private Path b;
    private String aJson;

    /** What one run of the command line printed, and its exit status. */
    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int exit = Main.run(args);
            return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** Asserts a failure told in exactly one line starting with {@code start}. */
    static void oneLine(Run r, int exit, String start) {
        assertEquals(exit, r.exit(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith(start), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @BeforeEach
    void reports() throws IOException {
        a = dir.resolve("a.json");
        b = dir.resolve("b.json");
        ReportFiles.writeAtomically(a, w -> ReportJson.write(SyntheticReports.full(), w));
        ReportFiles.writeAtomically(b, w -> ReportJson.write(SyntheticReports.convoy(3), w));
        aJson = Files.readString(a);
    }

    @Test
    void reportNeverOverwritesItsInput() throws IOException {
        oneLine(run("report", a.toString(), "-o", a.toString()), 2, "gilprobe: the output " + a + " is the input");
        // by another spelling of the same file, and through a link
        Path other = dir.resolve("sub/../a.json");
        Files.createDirectories(dir.resolve("sub"));
        oneLine(run("report", a.toString(), "-o", other.toString()), 2, "gilprobe: the output " + other + " is the input");
        Path link = Files.createSymbolicLink(dir.resolve("link.html"), a);
        oneLine(run("report", a.toString(), "-o", link.toString()), 2, "gilprobe: the output " + link + " is the input");
        assertEquals(aJson, Files.readString(a));
        // and an ordinary output is still written
        Run ok = run("report", a.toString(), "-o", dir.resolve("a.html").toString());
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(Files.readString(dir.resolve("a.html")).startsWith("<!DOCTYPE html>"));
    }

    @Test
    void compareNeverOverwritesAnInput() throws IOException {
        oneLine(run("compare", a.toString(), b.toString(), "-o", b.toString()), 2, "gilprobe: the output " + b + " is the input");
        oneLine(run("compare", a.toString(), b.toString(), "-o", a.toString()), 2, "gilprobe: the output " + a + " is the input");
        assertEquals(aJson, Files.readString(a));
        assertTrue(Files.readString(b).startsWith("{"));
    }

    @Test
    void anUnwritableOutputIsOneLineWithTheReason() throws IOException {
        Path file = dir.resolve("plain");
        Files.writeString(file, "x");
        Path under = file.resolve("x.html");
        oneLine(run("report", a.toString(), "-o", under.toString()), 1,
                "gilprobe: cannot write " + under + ": " + file + " exists and is not a directory");
        oneLine(run("compare", a.toString(), b.toString(), "-o", under.toString()), 1,
                "gilprobe: cannot write " + under + ": " + file + " exists and is not a directory");
        assumeTrue(Files.isDirectory(Path.of("/sys")), "Linux sysfs refuses new files even to root");
        oneLine(run("report", a.toString(), "-o", "/sys/x.html"), 1, "gilprobe: cannot write /sys/x.html: permission denied");
    }

    @Test
    void binaryInputIsNotAReportInOneLine() throws IOException {
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        Path bin = Files.write(dir.resolve("random.bin"), garbage);
        oneLine(run("report", bin.toString(), "-o", dir.resolve("r.html").toString()), 1,
                "gilprobe: " + bin + ": not a gilprobe report (binary data, not UTF-8 text)");
        assertTrue(!Files.exists(dir.resolve("r.html")));
    }

    @Test
    void anImpossibleValueNamesTheFileAndTheField() throws IOException {
        Path huge = Files.writeString(dir.resolve("huge.json"),
                aJson.replaceFirst("\"acquisitions\" : 150", "\"acquisitions\" : 10000000000000000000000000000000000000000"));
        oneLine(run("report", huge.toString(), "-o", dir.resolve("huge.html").toString()), 1, "gilprobe: " + huge
                + ": not a gilprobe report: field locks[0].acquisitions is 10000000000000000000000000000000000000000, beyond");
        assertTrue(!Files.exists(dir.resolve("huge.html")), "nothing rendered");
    }

    private static final List<String> COMMANDS = List.of("list", "attach", "dump", "stop", "report", "compare", "merge", "help");

    /** The top-level help: every command, every agent option with its default, on stdout. */
    private static void isTheHelp(Run r) {
        assertEquals("", r.err());
        assertTrue(r.out().contains("Usage: java -jar gilprobe.jar [-h] [COMMAND]"), r.out());
        assertTrue(r.out().contains("-javaagent:gilprobe.jar"), r.out());
        for (String c : COMMANDS) {
            assertTrue(r.out().contains("\n  " + c + " "), c + ":\n" + r.out());
        }
        for (AgentOptions.Option o : AgentOptions.OPTIONS) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith("  " + o.name + " ")
                    && l.endsWith("default: " + (o.defaultValue == null ? "-" : o.defaultValue))), o.name + ":\n" + r.out());
        }
    }

    @Test
    void helpIsOnStdoutWithExitStatus0AndWithoutArgumentsExitStatus2() {
        for (String flag : new String[] {"--help", "-h", "help"}) {
            Run r = run(flag);
            assertEquals(0, r.exit(), flag);
            isTheHelp(r);
        }
        Run none = run();
        assertEquals(2, none.exit());
        isTheHelp(none);
    }

    @Test
    void everyCommandHasItsOwnHelp() {
        for (String c : COMMANDS) {
            Run r = run(c, "--help");
            assertEquals(0, r.exit(), c + ": " + r.err());
            assertTrue(r.out().contains("Usage: java -jar gilprobe.jar " + c + " [-h]"), r.out());
            assertEquals(r.out(), run("help", c).out(), "help " + c);
            assertEquals(r.out(), run(c, "-h").out(), c + " -h");
        }
        assertTrue(run("attach", "--help").out().contains("default: 20000"), "attach lists the agent options");
        assertTrue(run("report", "--help").out().contains("-o, --output <run.html>"));
    }

    @Test
    void usageErrorsAreOneLineWithTheSynopsisAndExitStatus2() {
        String[][] bad = {
            {"report"}, {"report", "a.json", "b.json"}, {"report", "a.json", "-o"}, {"report", "-x", "a.json"},
            {"compare", "a.json", "-o", "c.html"}, {"compare", "a.json", "b.json"}, {"list", "extra"},
            {"attach", "12"}, {"attach", "abc", "monitor=a.B.c"}, {"attach", "1", "monitor=a.B.c", "extra"},
            {"dump"}, {"dump", "x"}, {"stop", "1", "2"}, {"stop", "1", "--output"}, {"help", "frob"},
            {"merge", "a.json"}, {"merge", "-o", "m"},
        };
        for (String[] args : bad) {
            Run r = run(args);
            oneLine(r, 2, "gilprobe: ");
            assertTrue(r.err().contains("(usage: java -jar gilprobe.jar " + args[0] + " [-h]"), String.join(" ", args) + ": " + r.err());
        }
        oneLine(run("attach", "abc", "monitor=a.B.c"), 2, "gilprobe: 'abc' is not a process id");
        oneLine(run("compare", "a.json", "-o", "c.html"), 2, "gilprobe: compare takes two or more reports, got 1");
        oneLine(run("report"), 2, "gilprobe: missing required parameter: '<run.json>'");
        oneLine(run("frob"), 2, "gilprobe: unknown command 'frob'; commands: list, attach, dump, stop, report, compare, merge, help, --help");
        oneLine(run("-x"), 2, "gilprobe: unknown option: '-x'");
    }

    /** {@code r} as run by process {@code pid} on {@code host}: another JVM's report of the same lock. */
    private Path asJvm(Report r, String name, String host, long pid) throws IOException {
        gilprobe.report.model.Run run = r.run();
        Report other = new Report(r.format(), new gilprobe.report.model.Run(run.startEpochMillis() + pid,
                run.durationNanos(), run.availableProcessors(), run.javaVersion(), pid, run.options(), run.mainCommand(),
                run.vmName(), host), r.locks(), r.dispatchLoops(), r.timeline(), r.notes());
        Path file = dir.resolve(name + ".json");
        ReportFiles.writeAtomically(file, w -> ReportJson.write(other, w));
        return file;
    }

    @Test
    void mergeWritesThePrefixJsonAndHtmlWithExactSums() throws IOException {
        Report one = SyntheticReports.convoy(3);
        Path x = asJvm(one, "x", "web-1", 11);
        Path y = asJvm(SyntheticReports.convoy(5), "y", "web-2", 22);
        Path prefix = dir.resolve("fleet");
        Run r = run("merge", x.toString(), y.toString(), "-o", prefix.toString());
        assertEquals(0, r.exit(), r.err());
        Path json = dir.resolve("fleet.json");
        Path html = dir.resolve("fleet.html");
        assertEquals(json.toAbsolutePath() + System.lineSeparator() + html.toAbsolutePath() + System.lineSeparator(), r.out());
        Report merged = ReportJson.read(Files.newBufferedReader(json));
        // convoy(n): per round one hold of each thread
        assertEquals(2 * 3 + 2 * 5, merged.locks().get(0).acquisitions());
        assertEquals(one.locks().get(0).heldNanos() + SyntheticReports.convoy(5).locks().get(0).heldNanos(),
                merged.locks().get(0).heldNanos());
        assertEquals(List.of("web-1", "web-2"), merged.jvms().stream().map(j -> j.host()).toList());
        assertEquals(List.of(11L, 22L), merged.jvms().stream().map(j -> j.pid()).toList());
        assertEquals(x.toString(), merged.jvms().get(0).file());
        assertTrue(Files.readString(html).contains("\"jvms\""), "the page carries the JVMs");
        // one report is accepted; a prefix given with .json is the same prefix
        Run single = run("merge", x.toString(), "-o", dir.resolve("single.json").toString());
        assertEquals(0, single.exit(), single.err());
        assertTrue(Files.exists(dir.resolve("single.html")));
    }

    @Test
    void mergeRefusesInOneLine() throws IOException {
        Path x = asJvm(SyntheticReports.convoy(3), "x", "web-1", 11);
        Path out = dir.resolve("m");
        // another lock
        Path never = asJvm(SyntheticReports.neverAcquired(), "never", "web-2", 22);
        oneLine(run("merge", x.toString(), never.toString(), "-o", out.toString()), 1, "gilprobe: " + never + " and " + x
                + " watch different locks: monitor=demo.Wrong.LOCK against monitor=demo.Interp.GIL; merge adds up reports of the same lock(s)");
        // the same run twice, by the same file or a copy
        oneLine(run("merge", x.toString(), x.toString(), "-o", out.toString()), 1, "gilprobe: " + x + " is the same run as " + x);
        Path copy = Files.copy(x, dir.resolve("copy.json"));
        oneLine(run("merge", x.toString(), copy.toString(), "-o", out.toString()), 1, "gilprobe: " + copy + " is the same run as " + x);
        // another format, a file that is not a report, a missing file
        Path v2 = Files.writeString(dir.resolve("v2.json"), Files.readString(x).replace("gilprobe-report/1", "gilprobe-report/2"));
        oneLine(run("merge", x.toString(), v2.toString(), "-o", out.toString()), 1,
                "gilprobe: " + v2 + ": unsupported report format \"gilprobe-report/2\": expected \"gilprobe-report/1\"");
        Path text = Files.writeString(dir.resolve("text.json"), "hello");
        oneLine(run("merge", x.toString(), text.toString(), "-o", out.toString()), 1, "gilprobe: " + text + ": not a gilprobe report: invalid JSON");
        oneLine(run("merge", x.toString(), dir.resolve("missing.json").toString(), "-o", out.toString()), 1,
                "gilprobe: no such file: " + dir.resolve("missing.json"));
        // never overwrites an input
        oneLine(run("merge", x.toString(), copy.toString(), "-o", dir.resolve("x").toString()), 2, "gilprobe: the output " + dir.resolve("x.json") + " is the input");
        assertTrue(!Files.exists(dir.resolve("m.json")) && !Files.exists(dir.resolve("m.html")), "nothing written");
    }

    @Test
    void attachChecksTheOptionsBeforeReachingAnyProcess() {
        // pid 1 is never contacted: the options are refused first
        oneLine(run("attach", "1", "monitor=a.B.c,timeline=lots"), 2, "gilprobe: option 'timeline=lots' needs a whole number from 0 to 50000000");
        oneLine(run("attach", "1", "timeline=5"), 2, "gilprobe: no lock designated");
    }

    @Test
    void anArgumentStartingWithAtIsAFileNotAnArgumentList() throws IOException {
        Path at = dir.resolve("@a.json");
        Files.copy(a, at);
        Path out = dir.resolve("at.html");
        Run r = run("report", at.toString(), "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(out.toAbsolutePath() + System.lineSeparator(), r.out());
        oneLine(run("report", "@" + dir.resolve("missing"), "-o", out.toString()), 1, "gilprobe: no such file: @" + dir.resolve("missing"));
    }

    @Test
    void reportWithoutOutputWritesBesideTheInputAndCompareNamesEachRunByItsFile() throws IOException {
        Run r = run("report", a.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(dir.resolve("a.html").toAbsolutePath() + System.lineSeparator(), r.out());
        Path c = dir.resolve("c.html");
        Run both = run("compare", a.toString(), b.toString(), "--output", c.toString());
        assertEquals(0, both.exit(), both.err());
        String page = Files.readString(c);
        assertTrue(page.contains("\"a\"") && page.contains("\"b\""), "runs labelled a and b");
    }
}
