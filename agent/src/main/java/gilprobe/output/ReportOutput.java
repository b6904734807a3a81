package gilprobe.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import gilprobe.report.html.HtmlReport;
import gilprobe.report.json.ReportFiles;
import gilprobe.report.json.ReportJson;
import gilprobe.report.model.Report;

/**
 * Writes a report as {@code <prefix>.json} and {@code <prefix>.html}, each atomically (temp file + rename).
 * If the prefix's directory is not writable, says so on stderr and writes to the temp directory instead.
 * Never throws: a failure is one line on stderr, and the JSON (the data) is written before the HTML.
 */
public final class ReportOutput {
    private ReportOutput() {
    }

    /** Writes both files; returns the JSON path actually written, or null if nothing could be written. */
    public static Path write(Report report, String prefix) {
        return write(report, prefix, true);
    }

    /** Like {@link #write(Report, String)}; {@code announce} = say on stderr where the report went. */
    public static Path write(Report report, String prefix, boolean announce) {
        Path json = Path.of(prefix + ".json").toAbsolutePath();
        Path html = Path.of(prefix + ".html").toAbsolutePath();
        Path written = writeJson(report, json);
        if (written == null) {
            Path fallback = fallback(json);
            System.err.println("gilprobe: cannot write " + json + "; writing to " + fallback + " instead");
            written = writeJson(report, fallback);
            if (written == null) {
                return null;
            }
            html = fallback(html);
        }
        boolean htmlOk = writeHtml(report, html);
        if (announce) {
            System.err.println("gilprobe: report written to " + written + (htmlOk ? " and " + html : ""));
        }
        return written;
    }

    private static Path fallback(Path target) {
        return Path.of(System.getProperty("java.io.tmpdir", "/tmp")).toAbsolutePath().resolve(target.getFileName());
    }

    private static Path writeJson(Report report, Path target) {
        try {
            Path dir = target.getParent();
            if (dir != null && !Files.isDirectory(dir)) {
                Files.createDirectories(dir);
            }
            ReportFiles.writeAtomically(target, w -> ReportJson.write(report, w));
            return target;
        } catch (IOException | RuntimeException e) {
            System.err.println("gilprobe: cannot write " + target + ": " + e);
            return null;
        }
    }

    private static boolean writeHtml(Report report, Path target) {
        try {
            ReportFiles.writeAtomically(target, w -> HtmlReport.write(report, w));
            return true;
        } catch (IOException | RuntimeException e) {
            System.err.println("gilprobe: cannot write " + target + " (the JSON report is complete): " + e);
            return false;
        }
    }
}
