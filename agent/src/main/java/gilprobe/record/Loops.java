package gilprobe.record;

/** The probes' side of dispatch-loop counting: finding a thread's counter, per-opcode slots. */
public final class Loops {
    private Loops() {
    }

    /** The counter of {@code thread} for loop {@code loopId}, created on first use. */
    public static LoopCounter counterFor(ThreadState thread, int loopId) {
        LoopCounter c = thread.existingCounter(loopId);
        if (c != null) {
            return c;
        }
        return thread.newCounter(loopId, thread.recording.settings().perOpcode() ? DispatchLoops.caseSlots(loopId) : null);
    }

    /** A counter for when gilprobe itself failed: instrumented code always gets a counter, never null. */
    public static LoopCounter scratch() {
        return new LoopCounter(null);
    }
}
