package gilprobe.report.json;

/**
 * A document that is not a {@code gilprobe-report/1} report, or one that lacks a required field.
 * The message is one line naming what was expected and where (e.g. {@code locks[0].acquisitions}).
 */
public final class ReportFormatException extends IllegalArgumentException {
    public ReportFormatException(String message) {
        super(message);
    }

    public ReportFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
