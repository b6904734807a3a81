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
        int slots = Recording.settings().perOpcode() ? DispatchLoops.get(loopId).cases() + 1 : 0;
        return thread.newCounter(loopId, slots);
    }

    /** Counts one execution of the case for {@code key} of loop {@code loopId}. */
    public static void countCase(LoopCounter counter, int key, int loopId) {
        long[] cases = counter.cases;
        if (cases != null) {
            cases[DispatchLoops.get(loopId).slotOf(key)]++;
        }
    }

    /** A counter for when gilprobe itself failed: instrumented code always gets a counter, never null. */
    public static LoopCounter scratch() {
        return new LoopCounter(0);
    }
}
