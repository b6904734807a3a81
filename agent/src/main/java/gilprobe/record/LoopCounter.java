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
    /** Maps a case key to its index in {@link #cases}; null when per-opcode counting is off. */
    private final CaseSlots slots;

    LoopCounter(CaseSlots slots) {
        this.slots = slots;
        this.cases = slots != null ? new long[slots.slots()] : null;
    }

    /** Per-opcode counting: one execution of the case for {@code key}. No lock, no search for dense keys. */
    public void countCase(int key) {
        long[] c = cases;
        if (c != null) {
            c[slots.slotOf(key)]++;
        }
    }
}
