package gilprobe.report.html;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

import gilprobe.report.model.Report;

/**
 * Renders one run as a self-contained HTML page: verdict, timeline, distributions, threads and
 * handoffs, dispatch loops, run metadata. The page makes no request to any other host (its
 * Content-Security-Policy forbids it) and works opened from a file.
 *
 * <pre>{@code
 * ReportFiles.writeAtomically(Path.of("gilprobe-42.html"), w -> HtmlReport.write(report, w));
 * }</pre>
 */
public final class HtmlReport {
    private HtmlReport() {
    }

    /** Writes the page for {@code report}. Does not close {@code out}. */
    public static void write(Report report, Writer out) throws IOException {
        ReportPage.write(ReportPage.Mode.REPORT, List.of(""), List.of(report), out);
    }
}
