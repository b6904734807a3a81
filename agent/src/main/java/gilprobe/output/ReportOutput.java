package gilprobe.output;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import gilprobe.report.html.HtmlReport;
import gilprobe.report.json.ReportFiles;
import gilprobe.report.json.ReportJson;
import gilprobe.report.model.Report;

/**
 * Writes a report as {@code <prefix>.json} and {@code <prefix>.html}, each atomically (temp file + rename),
 * and never loses it silently: if it cannot go where it was asked, it goes to the next of {@link #places}
 * (beside it under a shortened name when the name is too long; the temp directory). Never throws and never
 * prints: the result says where the report went in one line, for the caller to print or send to the CLI.
 * The JSON (the data) is written before the HTML.
 */
public final class ReportOutput {
    /** Bytes of a name kept when it must be shortened: a name a file system takes, with room to spare. */
    private static final int SHORT_NAME = 200;

    private ReportOutput() {
    }

    /**
     * Where a report went. {@code json} is null when it could not be written anywhere; {@code html} is null
     * when only the JSON was written; {@code asked} is whether it went where it was asked; {@code line}
     * says all that in one line (without the {@code gilprobe: } prefix).
     */
    public record Written(Path json, Path html, boolean asked, String line) {
    }

    public static Written write(Report report, String prefix) {
        Path json = Path.of(prefix + ".json").toAbsolutePath();
        List<String> failures = new ArrayList<>();
        for (Path place : places(json)) {
            try {
                ReportFiles.writeAtomically(place, w -> ReportJson.write(report, w));
            } catch (IOException | RuntimeException e) {
                failures.add(failure(place, e));
                continue;
            }
            Path html = withExtension(place, ".html");
            String where;
            boolean htmlWritten = true;
            try {
                ReportFiles.writeAtomically(html, w -> HtmlReport.write(report, w));
                where = "report written to " + place + " and " + html;
            } catch (IOException | RuntimeException e) {
                htmlWritten = false;
                where = "report written to " + place + "; " + failure(html, e) + " (the JSON report is complete)";
            }
            boolean asked = failures.isEmpty();
            return new Written(place, htmlWritten ? html : null, asked,
                    asked ? where : failures.get(0) + "; " + where + " instead");
        }
        return new Written(null, null, false, "the report is lost: " + String.join("; ", failures));
    }

    /**
     * Where a file of gilprobe's may go, in order: {@code file}; beside it under a shortened name if its name
     * is longer than a file system takes ({@link ReportFiles#NAME_MAX} bytes); in {@code java.io.tmpdir}
     * under that name.
     */
    public static List<Path> places(Path file) {
        Path absolute = file.toAbsolutePath();
        String name = absolute.getFileName().toString();
        if (!ReportFiles.fitName(name, ReportFiles.NAME_MAX).equals(name)) {
            int dot = name.lastIndexOf('.');
            String extension = dot > 0 ? name.substring(dot) : "";
            name = ReportFiles.fitName(name.substring(0, name.length() - extension.length()), SHORT_NAME) + extension;
        }
        Set<Path> places = new LinkedHashSet<>();
        places.add(absolute);
        places.add(absolute.resolveSibling(name));
        places.add(Path.of(System.getProperty("java.io.tmpdir", "/tmp")).toAbsolutePath().resolve(name));
        return new ArrayList<>(places);
    }

    /** {@code file} with its extension replaced (the HTML beside the JSON, under the same shortened name). */
    private static Path withExtension(Path file, String extension) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return file.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + extension);
    }

    /** "cannot write <file>: <reason>", whatever failed. */
    static String failure(Path file, Exception e) {
        String m = e.getMessage();
        if (e instanceof IOException && m != null && m.startsWith("cannot write ")) {
            return m; // ReportFiles already said it so
        }
        return "cannot write " + file + ": " + (e instanceof IOException io ? ReportFiles.reason(io, file) : e.toString());
    }
}
