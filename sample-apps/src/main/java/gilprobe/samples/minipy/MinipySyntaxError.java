package gilprobe.samples.minipy;

/**
 * A program that cannot be compiled. {@link #getMessage()} is the one line minipy prints:
 * {@code file:line: SyntaxError: message} (or {@code IndentationError}).
 */
public final class MinipySyntaxError extends Exception {
    private final String file;
    private final int line;
    private final String kind;
    private final String detail;

    MinipySyntaxError(String file, int line, String kind, String detail) {
        super(file + ":" + line + ": " + kind + ": " + detail, null, false, false);
        this.file = file;
        this.line = line;
        this.kind = kind;
        this.detail = detail;
    }

    static MinipySyntaxError syntax(String file, int line, String detail) {
        return new MinipySyntaxError(file, line, "SyntaxError", detail);
    }

    static MinipySyntaxError indentation(String file, int line, String detail) {
        return new MinipySyntaxError(file, line, "IndentationError", detail);
    }

    public String file() { return file; }

    public int line() { return line; }

    /** {@code SyntaxError} or {@code IndentationError}. */
    public String kind() { return kind; }

    public String detail() { return detail; }
}
