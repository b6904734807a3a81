package gilprobe.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import gilprobe.options.AgentOptions;
import gilprobe.report.compare.CompareReport;
import gilprobe.report.compare.LabeledReport;
import gilprobe.report.html.HtmlReport;
import gilprobe.report.json.ReportFiles;
import gilprobe.report.json.ReportJson;
import gilprobe.report.merge.MergeReports;
import gilprobe.report.model.Report;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code java -jar gilprobe.jar ...}: help, reports from saved JSON, and attaching to running JVMs.
 *
 * <p>The command line is picocli's (relocated into {@code gilprobe.internal.picocli} in the shaded jar),
 * built with its programmatic API: no annotations, so nothing is found by reflection and nothing depends on
 * annotation processing. picocli parses, validates arity, and generates every usage text; the commands'
 * work is below. Only {@code java -jar} loads this class: the agent's {@code premain}/{@code agentmain}
 * never reach the {@code cli} package.
 *
 * <p>Exit status: 0 done; 1 the command failed (a file that cannot be read or written, a target that
 * refused); 2 a usage error (bad arguments or agent options, an output that is an input), told in one line
 * on stderr, which ends with the command's synopsis when the command line itself is malformed. No
 * arguments print the help and exit with 2.
 */
public final class Main {
    static final String JAR = "java -jar gilprobe.jar";
    private static final int USAGE_ERROR = 2;
    private static final int FAILED = 1;
    private static final String AGENT_OPTIONS = "agentOptions";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, a) -> {
            err.println(oneLine(e));
            return USAGE_ERROR;
        });
        cli.setExecutionStrategy(Main::execute);
        try {
            return cli.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The commands, their parameters and their help, as picocli specs. */
    static CommandLine commandLine() {
        CommandSpec top = command(JAR, "Measure the cost of one GIL-like lock in a JVM program.",
                "Attach at launch:  java -javaagent:gilprobe.jar=<options> -cp app.jar app.Main%n"
                + "Attach to a running JVM (same user, same machine): list, attach, then dump and stop.");
        top.usageMessage().footerHeading("%n").footer(JAR + " <command> --help shows the command's own help.");
        CommandLine cli = new CommandLine(top);
        cli.setExpandAtFiles(false); // a file named @x is a file, not a list of arguments
        withAgentOptions(cli);

        CommandSpec list = command("list", "List the JVMs you can attach to (same user, same machine): pid and name.", null);
        cli.addSubcommand("list", list);

        CommandSpec attach = command("attach", "Start recording in the running JVM <pid>.",
                "The options are those of -javaagent (below), checked here first: a bad one never reaches the target. "
                + "A relative out= is made absolute in this directory; without out= the report goes to gilprobe-<pid> here.");
        attach.addPositional(positional("0", "1", "<pid>", "the process id of the JVM"));
        attach.addPositional(positional("1", "1", "<options>", "agent options, e.g. monitor=com.example.Interp.GIL,interval=10s"));
        cli.addSubcommand("attach", attach);
        withAgentOptions(cli.getSubcommands().get("attach"));

        CommandSpec dump = command("dump", "Write the report so far (JSON and HTML); recording goes on.",
                "The JVM <pid> writes the report of what it recorded since the attach; the reply names where it went.");
        dump.addPositional(positional("0", "1", "<pid>", "the process id of the JVM"));
        dump.addOption(output("<prefix>", false, "where the report goes (<prefix>.json and <prefix>.html); "
                + "default: the out= of the attach"));
        cli.addSubcommand("dump", dump);

        CommandSpec stop = command("stop", "Write the final report and remove the instrumentation.",
                "The JVM <pid> writes its final report, restores every class gilprobe changed and stops recording; "
                + "a later attach starts a new recording.");
        stop.addPositional(positional("0", "1", "<pid>", "the process id of the JVM"));
        stop.addOption(output("<prefix>", false, "where the final report goes; default: the out= of the attach"));
        cli.addSubcommand("stop", stop);

        CommandSpec report = command("report", "Render a saved JSON report as HTML.",
                "Never overwrites its input (by any name) and refuses a file that is not a gilprobe report.");
        report.addPositional(positional("0", "1", "<run.json>", "a report the agent wrote"));
        report.addOption(output("<run.html>", false, "the page to write; default: <run>.html beside the input"));
        cli.addSubcommand("report", report);

        CommandSpec compare = command("compare", "Put runs side by side, with the same scales.",
                "One page with every run's numbers in the same scales; never overwrites an input.");
        compare.addPositional(PositionalParamSpec.builder().index("0..*").arity("1..*").required(true).paramLabel("<run.json>")
                .type(List.class).auxiliaryTypes(String.class).description("two or more reports the agent wrote").build());
        compare.addOption(output("<out.html>", true, "the page to write"));
        cli.addSubcommand("compare", compare);

        CommandSpec merge = command("merge", "Add up reports of the same lock(s) from several JVMs into one report.",
                "Histograms added, counts summed, utilization and the verdict computed for the fleet, one row per JVM "
                + "(docs/report-format.md, \"Merged reports\"). Writes <prefix>.json and <prefix>.html; never overwrites an input.");
        merge.addPositional(PositionalParamSpec.builder().index("0..*").arity("1..*").required(true).paramLabel("<report.json>")
                .type(List.class).auxiliaryTypes(String.class).description("the JVMs' reports, each once, all of the same lock(s)").build());
        merge.addOption(output("<prefix>", true, "where the merged report goes: <prefix>.json and <prefix>.html"));
        cli.addSubcommand("merge", merge);

        CommandSpec help = command("help", "Show the help, or a command's help.", null);
        help.addPositional(positional("0", "0..1", "<command>", "the command to explain"));
        cli.addSubcommand("help", help);
        // for every command, so after adding them all:
        cli.setSeparator(" "); // "-o <file>", as the commands have always been written
        cli.setUsageHelpWidth(100);
        cli.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF)); // plain text, even on a terminal
        return cli;
    }

    /** Ends the command's help with the agent options, as {@link AgentOptions#helpText} lays them out. */
    private static void withAgentOptions(CommandLine cmd) {
        List<String> keys = new ArrayList<>(cmd.getHelpSectionKeys());
        keys.add(AGENT_OPTIONS);
        cmd.getHelpSectionMap().put(AGENT_OPTIONS, help -> System.lineSeparator() + AgentOptions.helpText());
        cmd.setHelpSectionKeys(keys);
    }

    /**
     * A command with its help option. {@code header} is its line in the list of commands and the first line
     * of its help; {@code description} (or null) follows the synopsis. Both may hold {@code %n}, picocli's
     * line break, and no other format specifier.
     */
    private static CommandSpec command(String name, String header, String description) {
        CommandSpec spec = CommandSpec.create().name(name);
        spec.usageMessage().header(header).synopsisHeading("%nUsage: ").descriptionHeading("%n")
                .parameterListHeading("%nParameters:%n").optionListHeading("%nOptions:%n").commandListHeading("%nCommands:%n");
        if (description != null) {
            spec.usageMessage().description(description);
        }
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("show this help and exit").build());
        return spec;
    }

    private static PositionalParamSpec positional(String index, String arity, String label, String description) {
        return PositionalParamSpec.builder().index(index).arity(arity).required(!arity.startsWith("0")).paramLabel(label)
                .type(String.class).description(description).build();
    }

    private static OptionSpec output(String label, boolean required, String description) {
        return OptionSpec.builder("-o", "--output").arity("1").paramLabel(label).type(String.class).required(required)
                .description(description).build();
    }

    /** Runs the command picocli parsed; usage errors are thrown as {@link ParameterException}s. */
    private static int execute(ParseResult top) {
        for (ParseResult pr = top; pr != null; pr = pr.subcommand()) {
            if (pr.isUsageHelpRequested()) {
                CommandLine cmd = pr.commandSpec().commandLine();
                cmd.usage(cmd.getOut());
                return 0;
            }
        }
        ParseResult sub = top.subcommand();
        if (sub == null) {
            top.commandSpec().commandLine().usage(top.commandSpec().commandLine().getOut());
            return USAGE_ERROR;
        }
        CommandLine cmd = sub.commandSpec().commandLine();
        try {
            switch (sub.commandSpec().name()) {
                case "help":
                    return help(top, sub);
                case "report":
                    return report(sub.matchedPositionalValue(0, null), sub.matchedOptionValue("-o", null));
                case "compare":
                    List<String> runs = sub.matchedPositionalValue(0, List.of());
                    if (runs.size() < 2) {
                        throw new ParameterException(cmd, "compare takes two or more reports, got " + runs.size());
                    }
                    return compare(runs, sub.matchedOptionValue("-o", null));
                case "merge":
                    return merge(sub.matchedPositionalValue(0, List.of()), sub.matchedOptionValue("-o", null));
                case "list":
                    return AttachCommands.list();
                case "attach":
                    return AttachCommands.attach(pid(sub), sub.matchedPositionalValue(1, null));
                default: // dump, stop
                    String o = sub.matchedOptionValue("-o", null);
                    return AttachCommands.control(sub.commandSpec().name(), pid(sub), o == null ? null : Path.of(o));
            }
        } catch (ParameterException e) {
            throw e; // picocli's handler tells it, in one line with the synopsis
        } catch (UsageException e) {
            cmd.getErr().println("gilprobe: " + e.getMessage());
            return USAGE_ERROR;
        } catch (NoSuchFileException e) {
            cmd.getErr().println("gilprobe: no such file: " + e.getFile());
            return FAILED;
        } catch (IOException | RuntimeException e) {
            cmd.getErr().println("gilprobe: " + e.getMessage());
            return FAILED;
        }
    }

    /** {@code help [command]}: the help of the tool or of one command, on stdout. */
    private static int help(ParseResult top, ParseResult sub) {
        CommandLine cli = top.commandSpec().commandLine();
        String name = sub.matchedPositionalValue(0, null);
        if (name == null) {
            cli.usage(cli.getOut());
            return 0;
        }
        CommandLine command = cli.getSubcommands().get(name);
        if (command == null) {
            throw new ParameterException(sub.commandSpec().commandLine(), unknownCommand(cli, name));
        }
        command.usage(cli.getOut());
        return 0;
    }

    private static String pid(ParseResult sub) {
        String pid = sub.matchedPositionalValue(0, null);
        if (!pid.matches("\\d{1,10}")) {
            throw new ParameterException(sub.commandSpec().commandLine(), "'" + pid + "' is not a process id");
        }
        return pid;
    }

    /**
     * A usage error in one line: what is wrong, then the command's synopsis; an unknown command lists the
     * commands instead.
     */
    static String oneLine(ParameterException e) {
        CommandLine cmd = e.getCommandLine();
        if (e instanceof UnmatchedArgumentException u && cmd.getParent() == null && !u.getUnmatched().isEmpty()
                && !u.getUnmatched().get(0).startsWith("-")) {
            return "gilprobe: " + unknownCommand(cmd, u.getUnmatched().get(0));
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (message.length() > 1 && Character.isUpperCase(message.charAt(0)) && Character.isLowerCase(message.charAt(1))) {
            message = Character.toLowerCase(message.charAt(0)) + message.substring(1);
        }
        String synopsis = cmd.getHelp().synopsis(0).replaceAll("\\s+", " ").trim();
        return ("gilprobe: " + message + " (usage: " + synopsis + ")").replaceAll("[\r\n]+", " ");
    }

    private static String unknownCommand(CommandLine top, String name) {
        StringBuilder names = new StringBuilder();
        for (Map.Entry<String, CommandLine> e : top.getSubcommands().entrySet()) {
            names.append(e.getKey()).append(", ");
        }
        return "unknown command '" + name + "'; commands: " + names + "--help";
    }

    private static int report(String input, String output) throws IOException, UsageException {
        Path target = output != null ? Path.of(output) : Path.of(stripJson(input) + ".html");
        neverOverwriteAnInput(target, List.of(input));
        Report report = read(Path.of(input));
        ReportFiles.writeAtomically(target, w -> HtmlReport.write(report, w));
        System.out.println(target.toAbsolutePath());
        return 0;
    }

    private static int compare(List<String> inputs, String output) throws IOException, UsageException {
        Path out = Path.of(output);
        neverOverwriteAnInput(out, inputs);
        List<LabeledReport> runs = new ArrayList<>();
        for (String in : inputs) {
            runs.add(new LabeledReport(Path.of(stripJson(in)).getFileName().toString(), read(Path.of(in))));
        }
        ReportFiles.writeAtomically(out, w -> CompareReport.write(runs, w));
        System.out.println(out.toAbsolutePath());
        return 0;
    }

    /**
     * {@code merge}: the inputs read (each error names its file), added up by {@link MergeReports}, written as
     * {@code <prefix>.json} and {@code <prefix>.html}; prints the two paths.
     */
    private static int merge(List<String> inputs, String prefix) throws IOException, UsageException {
        Path json = Path.of(stripJson(prefix) + ".json");
        Path html = Path.of(stripJson(prefix) + ".html");
        neverOverwriteAnInput(json, inputs);
        neverOverwriteAnInput(html, inputs);
        List<MergeReports.Input> reports = new ArrayList<>();
        for (String in : inputs) {
            reports.add(new MergeReports.Input(in, read(Path.of(in))));
        }
        Report merged = MergeReports.merge(reports);
        ReportFiles.writeAtomically(json, w -> ReportJson.write(merged, w));
        ReportFiles.writeAtomically(html, w -> HtmlReport.write(merged, w));
        System.out.println(json.toAbsolutePath());
        System.out.println(html.toAbsolutePath());
        return 0;
    }

    /** An output that is one of the inputs (by any name: a link, another spelling) would replace the data with its rendering. */
    private static void neverOverwriteAnInput(Path out, List<String> inputs) throws UsageException, IOException {
        for (String in : inputs) {
            Path input = Path.of(in);
            if (Files.exists(out) && Files.exists(input) && Files.isSameFile(out, input)) {
                throw new UsageException("the output " + out + " is the input " + in + "; name another file with -o");
            }
        }
    }

    private static Report read(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return ReportJson.read(r);
        } catch (IOException | RuntimeException e) {
            if (e instanceof NoSuchFileException) {
                throw e;
            }
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static String stripJson(String name) {
        return name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    }

    /** A usage error found by the command itself (exit status 2), told in one line without the synopsis. */
    private static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
