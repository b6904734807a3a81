package gilprobe.report.merge;

/** Reports that cannot be merged (different locks, the same run twice, nothing to merge), said in one line. */
public final class MergeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MergeException(String message) {
        super(message);
    }

    public MergeException(String message, Throwable cause) {
        super(message, cause);
    }
}
