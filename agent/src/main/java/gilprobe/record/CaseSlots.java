package gilprobe.record;

import java.util.Arrays;

/**
 * Maps a case key of one dispatch switch to its per-opcode slot (its index among the sorted case keys;
 * the last slot is the default branch), without a lock or a search on the per-tick path: a table indexed
 * by {@code key - minKey} when the keys span at most {@link #MAX_TABLE} values (every interpreter's
 * opcode switch), else a binary search. Immutable, shared by every thread's counter of the loop.
 */
public final class CaseSlots {
    static final int MAX_TABLE = 1 << 16;
    private final int[] sortedKeys;
    private final int minKey;
    /** slot by {@code key - minKey}, or null when the keys are too sparse. */
    private final int[] byOffset;

    CaseSlots(int[] sortedKeys) {
        this.sortedKeys = sortedKeys.clone();
        int n = sortedKeys.length;
        this.minKey = n == 0 ? 0 : sortedKeys[0];
        long span = n == 0 ? 0 : (long) sortedKeys[n - 1] - sortedKeys[0] + 1;
        if (span > 0 && span <= MAX_TABLE) {
            int[] table = new int[(int) span];
            Arrays.fill(table, n);
            for (int i = 0; i < n; i++) {
                table[sortedKeys[i] - minKey] = i;
            }
            this.byOffset = table;
        } else {
            this.byOffset = null;
        }
    }

    /** Slots a counter needs: one per case key and one for the default branch. */
    public int slots() {
        return sortedKeys.length + 1;
    }

    /** The slot of {@code key}: its index among the case keys, or the default slot. */
    public int slotOf(int key) {
        int[] table = byOffset;
        if (table != null) {
            long offset = (long) key - minKey;
            return offset >= 0 && offset < table.length ? table[(int) offset] : sortedKeys.length;
        }
        int i = Arrays.binarySearch(sortedKeys, key);
        return i >= 0 ? i : sortedKeys.length;
    }
}
