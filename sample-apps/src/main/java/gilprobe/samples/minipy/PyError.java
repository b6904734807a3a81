package gilprobe.samples.minipy;

import java.util.ArrayList;
import java.util.List;

/**
 * A Python exception travelling up through Java frames. It carries no Java stack trace (it is
 * never shown, and filling it in would be pure cost); instead each interpreter frame it
 * passes adds a Python traceback entry.
 */
final class PyError extends RuntimeException {
    /** One Python frame of the traceback. */
    record Entry(String file, int line, String function) {}

    private final String type;
    private final String detail;
    private final int exitStatus;
    /** Innermost first. */
    private final List<Entry> traceback = new ArrayList<>();

    private PyError(String type, String detail, int exitStatus) {
        super(detail.isEmpty() ? type : type + ": " + detail, null, false, false);
        this.type = type;
        this.detail = detail;
        this.exitStatus = exitStatus;
    }

    static PyError of(String type, String detail) {
        return new PyError(type, detail, 1);
    }

    static PyError type(String detail) {
        return of("TypeError", detail);
    }

    static PyError value(String detail) {
        return of("ValueError", detail);
    }

    static PyError zeroDivision(String detail) {
        return of("ZeroDivisionError", detail);
    }

    static PyError overflow() {
        return of("OverflowError", "integer overflow (minipy integers are 64-bit)");
    }

    /** {@code sys.exit(status)}; {@code message} (may be empty) is printed on stderr. */
    static PyError systemExit(int status, String message) {
        return new PyError("SystemExit", message, status);
    }

    String detail() {
        return detail;
    }

    boolean isSystemExit() {
        return type.equals("SystemExit");
    }

    /** The process exit status this error asks for (1, or the status of sys.exit). */
    int exitStatus() {
        return exitStatus;
    }

    void addFrame(CodeObject code, int pc) {
        traceback.add(new Entry(code.file(), code.lineAt(pc), code.name()));
    }

    /**
     * The report printed for an uncaught error: a Python traceback (outermost call first) whose
     * last line is {@code file:line: Type: detail} at the innermost frame.
     */
    String format() {
        StringBuilder sb = new StringBuilder("Traceback (most recent call last):\n");
        for (int i = traceback.size() - 1; i >= 0; i--) {
            Entry e = traceback.get(i);
            sb.append("  File \"").append(e.file()).append("\", line ").append(e.line())
              .append(", in ").append(e.function()).append('\n');
        }
        if (!traceback.isEmpty()) {
            Entry inner = traceback.get(0);
            sb.append(inner.file()).append(':').append(inner.line()).append(": ");
        }
        sb.append(getMessage()).append('\n');
        return sb.toString();
    }
}
