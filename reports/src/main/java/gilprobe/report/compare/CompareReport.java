package gilprobe.report.compare;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

import gilprobe.report.html.ReportPage;

/**
 * Renders several runs side by side in one self-contained HTML page, on the same scales: wall time and
 * each run's verdict (utilization, wait share, threads waiting, effective parallelism, cores lost, the
 * diagnosis: the numbers its report states, docs/design.md "Verdict") as bars, hold and wait percentiles on
 * shared axes, and every run's timeline on one time axis. Made for experiments such as sequential vs threaded, one core vs two,
 * old vs new GIL, threads vs processes.
 *
 * <pre>{@code
 * CompareReport.write(List.of(new LabeledReport("sequential", seq), new LabeledReport("2 threads", two)), out);
 * }</pre>
 */
public final class CompareReport {
    private CompareReport() {
    }

    /** Writes the comparison of {@code runs}, in the given order. Does not close {@code out}. */
    public static void write(List<LabeledReport> runs, Writer out) throws IOException {
        ReportPage.write(ReportPage.Mode.COMPARE, runs.stream().map(LabeledReport::label).toList(),
                runs.stream().map(LabeledReport::report).toList(), out);
    }
}
