package gilprobe.record;

/**
 * One thread's tick count in one dispatch loop, and with {@code opcodes=true} its count of each case.
 * Single writer: only the owning thread increments {@link #ticks} (instrumented code does
 * {@code counter.ticks++} right before the dispatch switch, or adds the ticks it counted in a local at each
 * call and exit of the loop's method) and {@link #cases}; readers take racy snapshots, exact once the thread
 * has ended or stopped ticking (a snapshot while the loop runs may lag behind the cases by the ticks since
 * the loop's last call).
 * Public because instrumented classes in any package access its fields directly.
 */
public final class LoopCounter {
    /** Executions of the dispatch switch by the owning thread. */
    public long ticks;
    /**
     * Per-case executions when per-opcode counting is on (index: see DispatchLoops); otherwise a shared array
     * that nobody reads. Never null and never too short: instrumented code with {@code opcodes=true} does
     * {@code cases[slot]++} with its slot as a constant, and code instrumented for another recording (while
     * classes are being retransformed) may run against a counter of this one.
     */
    public final long[] cases;

    /**
     * More slots than any switch can have: a {@code tableswitch} takes 4 bytes per case of a method's
     * 65,535 bytes of code.
     */
    static final int MAX_SLOTS = 16_384;

    /** The array of counters without per-opcode counting, allocated the first time one is made. */
    private static final class Discarded {
        static final long[] CASES = new long[MAX_SLOTS];
    }

    /** The map from a case key to its slot (per-opcode counting on), or null. */
    private final CaseSlots slots;

    /**
     * One execution of the case for {@code key}, for a dispatch loop in a method too near the JVM's compile
     * size limit for trampolines ({@code Probes.opcode}): the slot looked up by key, without a lock.
     */
    public void countCase(int key) {
        if (slots != null) {
            cases[slots.slotOf(key)]++;
        }
    }

    /** Whether {@link #cases} are this counter's own (per-opcode counting on), not the shared discarded ones. */
    final boolean perCase;

    LoopCounter(CaseSlots slots) {
        this.perCase = slots != null;
        this.slots = slots;
        this.cases = slots != null ? new long[slots.slots()] : Discarded.CASES;
    }
}
