package gilprobe.samples.minipy;

import gilprobe.samples.minipy.gil.Gil;
import gilprobe.samples.minipy.gil.GilPolicy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs minipy programs in-process (fast) or in a child JVM (to see exit statuses). */
final class MinipyRunner {
    private MinipyRunner() {}

    static final String FILE = "test.py";

    record Result(int status, String out, String err) {
        /** stderr lines. */
        List<String> errLines() {
            return err.isEmpty() ? List.of() : List.of(err.split("\n"));
        }
    }

    static Result run(String source, String... args) {
        return run(Options.defaults(FILE, List.of(args)), source);
    }

    static Result run(Options options, String source) {
        return run(options, options.gil().create(options.checkInterval(), options.switchIntervalNanos()), source);
    }

    static Result run(Options options, Gil gil, String source) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            int status = Minipy.run(options, gil, new Minipy.Source(FILE, source), o, e);
            return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    static Options options(GilPolicy policy, String... args) {
        return Options.defaults(FILE, List.of(args)).withGil(policy);
    }

    /** {@code java -cp <test class path> gilprobe.samples.minipy.Main args...} in a child JVM. */
    static Result fork(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        Path outFile = workDir.resolve("stdout.txt");
        Path errFile = workDir.resolve("stderr.txt");
        pb.redirectOutput(outFile.toFile()).redirectError(errFile.toFile());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM did not finish: " + cmd);
        }
        return new Result(p.exitValue(), java.nio.file.Files.readString(outFile), java.nio.file.Files.readString(errFile));
    }
}
