package gilprobe.report.html;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import gilprobe.report.compare.CompareReport;
import gilprobe.report.compare.LabeledReport;
import gilprobe.report.json.ReportFiles;
import gilprobe.report.model.Report;

/** Where the tests leave the pages and screenshots they make, for a person to open afterwards. */
final class Pages {
    static final Path HTML = Path.of("target", "html-reports");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private Pages() {
    }

    static Path report(String name, Report report) throws IOException {
        Path file = HTML.resolve(name + ".html").toAbsolutePath();
        ReportFiles.writeAtomically(file, w -> HtmlReport.write(report, w));
        return file;
    }

    static Path compare(String name, List<LabeledReport> runs) throws IOException {
        Path file = HTML.resolve(name + ".html").toAbsolutePath();
        ReportFiles.writeAtomically(file, w -> CompareReport.write(runs, w));
        return file;
    }
}
