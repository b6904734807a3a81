package gilprobe.report.json;

/**
 * A document that is not a {@code gilprobe-report/1} report, or one that lacks a required field.
 * The message is one line naming what was expected and where (e.g. {@code locks[0].acquisitions}):
 * line breaks and other control characters, which a parser's message may quote from binary input,
 * are replaced here.
 */
public final class ReportFormatException extends IllegalArgumentException {
    public ReportFormatException(String message) {
        super(oneLine(message));
    }

    public ReportFormatException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    private static String oneLine(String message) {
        StringBuilder sb = new StringBuilder(message.length());
        message.codePoints().forEach(c -> sb.append(Character.isISOControl(c)
                || Character.getType(c) == Character.LINE_SEPARATOR || Character.getType(c) == Character.PARAGRAPH_SEPARATOR
                ? "?" : Character.toString(c)));
        return sb.toString();
    }
}
