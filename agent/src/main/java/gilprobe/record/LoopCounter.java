package gilprobe.record;

/**
 * One thread's tick count in one dispatch loop. Single writer: only the owning thread increments
 * {@link #ticks} (instrumented code does {@code counter.ticks++} right before the dispatch switch);
 * readers take racy snapshots, exact once the thread has ended or stopped ticking.
 * Public because instrumented classes in any package access its fields directly.
 */
public final class LoopCounter {
    /** Executions of the dispatch switch by the owning thread. */
    public long ticks;
    /** Per-case executions when per-opcode counting is on, else null. Index: see DispatchLoops. */
    public final long[] cases;

    LoopCounter(int caseSlots) {
        this.cases = caseSlots > 0 ? new long[caseSlots] : null;
    }
}
