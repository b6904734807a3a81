package gilprobe.record;

/**
 * The per-opcode slots of one dispatch switch: one per case key, in the order of its sorted keys, and one
 * for the default branch after them. The instrumented code knows each case's slot when it is written (its
 * trampoline does {@code cases[slot]++} with the slot as a constant), so nothing maps a key to its slot on
 * the per-tick path; a counter only needs to know how many there are.
 */
public final class CaseSlots {
    private final int keys;

    CaseSlots(int[] sortedKeys) {
        this.keys = sortedKeys.length;
    }

    /** Slots a counter needs: one per case key and one for the default branch. */
    public int slots() {
        return keys + 1;
    }
}
