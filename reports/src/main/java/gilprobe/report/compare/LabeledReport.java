package gilprobe.report.compare;

import java.util.Objects;

import gilprobe.report.model.Report;

/** A run to compare and the label the page shows for it (a file name, "1 core", "new GIL" ...). */
public record LabeledReport(String label, Report report) {
    public LabeledReport {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(report, "report");
    }
}
