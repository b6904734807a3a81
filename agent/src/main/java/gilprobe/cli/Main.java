package gilprobe.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import gilprobe.options.AgentOptions;
import gilprobe.report.compare.CompareReport;
import gilprobe.report.compare.LabeledReport;
import gilprobe.report.html.HtmlReport;
import gilprobe.report.json.ReportFiles;
import gilprobe.report.json.ReportJson;
import gilprobe.report.model.Report;

/** {@code java -jar gilprobe.jar ...}: help, and reports from saved JSON. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            System.out.print(usage());
            return args.length == 0 ? 2 : 0;
        }
        try {
            switch (args[0]) {
                case "report":
                    return report(args);
                case "compare":
                    return compare(args);
                case "list":
                    return AttachCommands.list();
                case "attach":
                    return AttachCommands.attach(List.of(args).subList(1, args.length));
                case "dump":
                case "stop": {
                    List<String> rest = new ArrayList<>();
                    Path out = parse(args, rest);
                    return AttachCommands.control(args[0], rest, out);
                }
                default:
                    System.err.println("gilprobe: unknown command '" + args[0] + "'; commands: report, compare, list, attach, dump, stop, --help");
                    return 2;
            }
        } catch (UsageException e) {
            System.err.println("gilprobe: " + e.getMessage());
            return 2;
        } catch (NoSuchFileException e) {
            System.err.println("gilprobe: no such file: " + e.getFile());
            return 1;
        } catch (IOException | RuntimeException e) {
            System.err.println("gilprobe: " + e.getMessage());
            return 1;
        }
    }

    static String usage() {
        return """
                gilprobe: measure the cost of one GIL-like lock in a JVM program.

                Attach at launch:
                  java -javaagent:gilprobe.jar=<options> -cp app.jar app.Main

                Attach to a running JVM (same user, same machine), and control it:
                  java -jar gilprobe.jar list                                 JVMs you can attach to
                  java -jar gilprobe.jar attach <pid> <options>               start recording in <pid>
                  java -jar gilprobe.jar dump <pid> [-o <prefix>]             write the report so far, keep recording
                  java -jar gilprobe.jar stop <pid> [-o <prefix>]             final report; instrumentation removed

                Commands:
                  java -jar gilprobe.jar report <run.json> -o <run.html>        render a saved JSON report as HTML
                  java -jar gilprobe.jar compare <a.json> <b.json>... -o <out.html>  runs side by side, same scales
                  java -jar gilprobe.jar --help                               this text

                """ + AgentOptions.helpText();
    }

    private static int report(String[] args) throws IOException, UsageException {
        List<String> inputs = new ArrayList<>();
        Path out = parse(args, inputs);
        if (inputs.size() != 1) {
            throw new UsageException("report takes one JSON file: report <run.json> -o <run.html>");
        }
        Path target = out != null ? out : Path.of(stripJson(inputs.get(0)) + ".html");
        neverOverwriteAnInput(target, inputs);
        Report report = read(Path.of(inputs.get(0)));
        ReportFiles.writeAtomically(target, w -> HtmlReport.write(report, w));
        System.out.println(target.toAbsolutePath());
        return 0;
    }

    private static int compare(String[] args) throws IOException, UsageException {
        List<String> inputs = new ArrayList<>();
        Path out = parse(args, inputs);
        if (inputs.size() < 2) {
            throw new UsageException("compare takes two or more JSON files: compare <a.json> <b.json>... -o <out.html>");
        }
        if (out == null) {
            throw new UsageException("compare needs -o <out.html>");
        }
        neverOverwriteAnInput(out, inputs);
        List<LabeledReport> runs = new ArrayList<>();
        for (String in : inputs) {
            runs.add(new LabeledReport(Path.of(stripJson(in)).getFileName().toString(), read(Path.of(in))));
        }
        ReportFiles.writeAtomically(out, w -> CompareReport.write(runs, w));
        System.out.println(out.toAbsolutePath());
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

    private static Path parse(String[] args, List<String> inputs) throws UsageException {
        Path out = null;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("-o") || args[i].equals("--output")) {
                if (i + 1 >= args.length) {
                    throw new UsageException(args[i] + " needs a file name");
                }
                out = Path.of(args[++i]);
            } else if (args[i].startsWith("-")) {
                throw new UsageException("unknown flag '" + args[i] + "'");
            } else {
                inputs.add(args[i]);
            }
        }
        return out;
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

    private static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
