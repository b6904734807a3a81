package gilprobe.options;

/** An agent option that cannot be used; the message is one line naming the option and what is accepted. */
public final class OptionException extends Exception {
    private static final long serialVersionUID = 1L;

    public OptionException(String message) {
        super(message);
    }
}
