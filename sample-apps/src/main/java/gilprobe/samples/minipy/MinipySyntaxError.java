package gilprobe.samples.minipy;

/**
 * A program that cannot be compiled. {@link #getMessage()} is the one line minipy prints:
 * {@code file:line: SyntaxError: message} (or {@code IndentationError}).
 */
public final class MinipySyntaxError extends Exception {
    MinipySyntaxError(String file, int line, String kind, String detail) {
        super(file + ":" + line + ": " + kind + ": " + detail, null, false, false);
    }

    static MinipySyntaxError syntax(String file, int line, String detail) {
        return new MinipySyntaxError(file, line, "SyntaxError", detail);
    }

    static MinipySyntaxError indentation(String file, int line, String detail) {
        return new MinipySyntaxError(file, line, "IndentationError", detail);
    }
}
