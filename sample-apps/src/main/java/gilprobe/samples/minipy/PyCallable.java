package gilprobe.samples.minipy;

/** Anything a CALL_FUNCTION can call. */
interface PyCallable {
    /**
     * @param ts      the calling Python thread (holds the GIL, if there is one)
     * @param args    positional arguments, then the values of keyword arguments
     * @param kwNames names of the last {@code kwNames.length} arguments; empty when none
     */
    Object call(PyThread ts, Object[] args, String[] kwNames);
}
