package gilprobe.it;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import gilprobe.report.json.ReportJson;
import gilprobe.report.model.LockReport;
import gilprobe.report.model.Report;
import gilprobe.report.model.ThreadReport;

/**
 * Runs a program in a child JVM, with or without {@code -javaagent:gilprobe.jar}, and returns what it
 * printed, its exit code and the report the agent wrote.
 */
public final class ChildJvm {
    public static final Path AGENT_JAR = Path.of(System.getProperty("gilprobe.jar", "target/gilprobe.jar")).toAbsolutePath();
    public static final Path SAMPLE_APPS_JAR = Path.of(System.getProperty("sampleapps.jar", "../sample-apps/target/sample-apps.jar")).toAbsolutePath();
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    /** What a child JVM did. {@code report} is null when the agent wrote none. */
    public record Result(int exitCode, String stdout, String stderr, Report report, Path prefix) {
        public LockReport lock() {
            if (report == null) {
                throw new AssertionError("no report was written; stderr:\n" + stderr);
            }
            return report.locks().get(0);
        }

        public ThreadReport thread(String name) {
            return lock().threads().stream().filter(t -> t.name().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no thread " + name + " in " + lock().threads()));
        }

        /** stderr without gilprobe's own lines, the rest byte for byte. */
        public String programStderr() {
            return withoutAgentLines(stderr);
        }

        /** stdout without gilprobe's own lines, the rest byte for byte. */
        public String programStdout() {
            return withoutAgentLines(stdout);
        }
    }

    /**
     * The newest JDK on this machine with at least {@code minFeature} (e.g. 21 for virtual threads), or the
     * test is skipped with a line saying so. Looked for in: the system property {@code gilprobe.newestJdk},
     * the environment variable {@code GILPROBE_NEWEST_JDK} (.ci/run sets it), then every JDK under
     * {@code /usr/lib/jvm} and beside this JVM's home, by the {@code JAVA_VERSION} of its {@code release} file.
     */
    public static Path newestJdkOrSkip(int minFeature) {
        Path best = newestJdk();
        int bestFeature = best == null ? -1 : featureVersion(best);
        if (best == null || bestFeature < minFeature) {
            String msg = "no JDK " + minFeature + "+ found (looked at GILPROBE_NEWEST_JDK and /usr/lib/jvm): test skipped";
            System.out.println("[WARNING] " + msg);
            org.junit.jupiter.api.Assumptions.abort(msg);
        }
        return best;
    }

    /** The newest JDK found (see {@link #newestJdkOrSkip}), or null. */
    static Path newestJdk() {
        Path best = null;
        int bestFeature = -1;
        List<Path> candidates = new ArrayList<>();
        String configured = System.getProperty("gilprobe.newestJdk", System.getenv("GILPROBE_NEWEST_JDK"));
        if (configured != null && !configured.isBlank()) {
            candidates.add(Path.of(configured));
        }
        for (Path dir : new Path[] {Path.of("/usr/lib/jvm"), Path.of(System.getProperty("java.home")).getParent()}) {
            if (dir != null && Files.isDirectory(dir)) {
                try (var list = Files.list(dir)) {
                    list.forEach(candidates::add);
                } catch (IOException e) {
                    // an unreadable folder holds no JDK we can use
                }
            }
        }
        for (Path home : candidates) {
            int feature = featureVersion(home);
            if (feature > bestFeature && Files.isExecutable(home.resolve("bin").resolve("java"))) {
                best = home;
                bestFeature = feature;
            }
        }
        return best;
    }

    /** The feature version (17, 25, ...) in a JDK home's {@code release} file, or -1. */
    static int featureVersion(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    String first = v.split("[.+-]")[0];
                    return Integer.parseInt(first.equals("1") ? v.split("\\.")[1] : first);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not a JDK home
        }
        return -1;
    }

    /** {@code text} without the lines that start with {@code gilprobe:} (each with its line end). */
    public static String withoutAgentLines(String text) {
        return text.replaceAll("(?m)^gilprobe:.*(\r?\n|\\z)", "");
    }

    /**
     * The JDKs to run the output-identity tests on: this JVM's, the newest on the machine, and those named by the system property
     * {@code gilprobe.it.jdks} (homes separated by the path separator; {@code mvn verify -Dgilprobe.it.jdks=...}).
     */
    public static List<Path> jdks() {
        List<Path> homes = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"))));
        Path newest = newestJdk();
        if (newest != null && featureVersion(newest) != Runtime.version().feature()) {
            homes.add(newest); // the newest JDK on the machine too (Java 25 here), as the virtual-thread tests use
        }
        for (String h : System.getProperty("gilprobe.it.jdks", "").split(File.pathSeparator)) {
            if (!h.isBlank() && Files.isExecutable(Path.of(h, "bin", "java"))) {
                homes.add(Path.of(h));
            }
        }
        return homes;
    }

    private final List<String> jvmArgs = new ArrayList<>();
    private String java = JAVA;
    private Path agentJar = AGENT_JAR;
    /** The test programs only: never the agent's own unshaded classes, which would shadow the jar's. */
    private String classpath = Path.of("target", "test-classes").toAbsolutePath().toString();
    private String agentOptions;
    private Path workDir;
    private long timeoutSeconds = 180;
    private boolean raw;

    /** What {@code java -jar gilprobe.jar args} printed (stdout and stderr) and its exit status. */
    public record Cli(int exitCode, String output) {
    }

    /** Runs {@code java -jar gilprobe.jar args} and waits for it (at most two minutes). */
    public static Cli jar(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(JAVA, "-jar", AGENT_JAR.toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("gilprobe-cli", ".txt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("gilprobe.jar " + cmd + " timed out");
        }
        return new Cli(p.exitValue(), Files.readString(out));
    }

    public static ChildJvm withAgent(String options) {
        ChildJvm c = new ChildJvm();
        c.agentOptions = options;
        return c;
    }

    /** The agent with exactly these options (no out= added); empty means no options at all. */
    public static ChildJvm withRawAgentOptions(String options) {
        ChildJvm c = new ChildJvm();
        c.agentOptions = options;
        c.raw = true;
        return c;
    }

    public static ChildJvm withoutAgent() {
        return new ChildJvm();
    }

    /** Runs the child on the JDK at {@code home} instead of the one running the tests. */
    public ChildJvm javaHome(Path home) {
        this.java = home.resolve("bin").resolve("java").toString();
        return this;
    }

    public ChildJvm classpath(String cp) {
        this.classpath = cp;
        return this;
    }

    /** Runs the child on the JDK at {@code home} (default: this JVM's). */
    /** Runs the child with this copy of gilprobe.jar (default: the one built). */
    public ChildJvm agentJar(Path jar) {
        this.agentJar = jar;
        return this;
    }

    public ChildJvm jvmArg(String arg) {
        jvmArgs.add(arg);
        return this;
    }

    public ChildJvm workDir(Path dir) {
        this.workDir = dir;
        return this;
    }

    /** Runs {@code mainClass args} and waits for it; the report goes to a fresh temp prefix unless out= is given. */
    public Result run(String mainClass, String... args) throws IOException, InterruptedException {
        return start(mainClass, args).finish();
    }

    /** A started child: its process, and where its output and report go. */
    public final class Running {
        public final Process process;
        public final Path dir;
        public final Path prefix;
        private final Path out;
        private final Path err;
        private final List<String> cmd;

        Running(Process process, Path dir, Path prefix, Path out, Path err, List<String> cmd) {
            this.process = process;
            this.dir = dir;
            this.prefix = prefix;
            this.out = out;
            this.err = err;
            this.cmd = cmd;
        }

        public String stdoutSoFar() throws IOException {
            return Files.readString(out, StandardCharsets.UTF_8);
        }

        public String stderrSoFar() throws IOException {
            return Files.readString(err, StandardCharsets.UTF_8);
        }

        /** Waits (two minutes at most) until the child has printed {@code text} on stdout; fails if it ends first. */
        public void awaitStdout(String text) throws IOException, InterruptedException {
            await(out, text);
        }

        /** Waits (two minutes at most) until the child has printed {@code text} on stderr; fails if it ends first. */
        public void awaitStderr(String text) throws IOException, InterruptedException {
            await(err, text);
        }

        private void await(Path file, String text) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.readString(file, StandardCharsets.UTF_8).contains(text)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError((process.isAlive() ? "timed out" : "the child ended") + " before printing "
                            + text.strip() + "\nstdout:\n" + stdoutSoFar() + "\nstderr:\n" + stderrSoFar());
                }
                Thread.sleep(50);
            }
        }

        /** Waits for the child to end and reads what it left. */
        public Result finish() throws IOException, InterruptedException {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("child JVM timed out: " + cmd + "\n" + Files.readString(err));
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            Report report = null;
            Path json = Path.of(prefix + ".json");
            if (Files.exists(json)) {
                try (Reader r = Files.newBufferedReader(json)) {
                    report = ReportJson.read(r);
                }
            }
            return new Result(process.exitValue(), stdout, stderr, report, prefix);
        }
    }

    /** Starts {@code mainClass args} without waiting. */
    public Running start(String mainClass, String... args) throws IOException {
        Path dir = workDir != null ? workDir : Files.createTempDirectory("gilprobe-it");
        Path prefix = dir.resolve("report");
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmArgs);
        if (agentOptions != null) {
            if (raw) {
                cmd.add("-javaagent:" + agentJar + (agentOptions.isEmpty() ? "" : "=" + agentOptions));
            } else {
                String opts = agentOptions.contains("out=") ? agentOptions : agentOptions + ",out=" + prefix;
                cmd.add("-javaagent:" + agentJar + "=" + opts);
            }
        }
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        return new Running(p, dir, prefix, out, err, cmd);
    }
}
