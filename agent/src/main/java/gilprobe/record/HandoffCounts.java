package gilprobe.record;

/**
 * One thread's acquisitions counted by the thread index of the previous owner: a small list searched
 * linearly (a thread usually takes the lock from a handful of others), at most {@link #MAX} owners;
 * acquisitions from further ones are counted under index {@link #OTHERS}, so that a thread that meets
 * thousands of short-lived threads keeps a bounded list. Single writer; a reader sees a consistent
 * list (maybe a little stale), because a full list is replaced, never grown in place.
 */
final class HandoffCounts {
    static final int MAX = 64;
    /** The index that stands for "one of the previous owners beyond the first {@link #MAX}". */
    static final int OTHERS = -1;

    final int[] from;
    final long[] count;
    private volatile int size;

    HandoffCounts(int capacity) {
        from = new int[capacity];
        count = new long[capacity];
    }

    int size() {
        return Math.min(size, from.length);
    }

    /** Adds {@code n} acquisitions from owner {@code index}; returns the list to keep (this one or a larger copy). */
    HandoffCounts add(int index, long n) {
        int s = size;
        for (int i = 0; i < s; i++) {
            if (from[i] == index) {
                count[i] += n;
                return this;
            }
        }
        if (s >= MAX - 1 && index != OTHERS) {
            return add(OTHERS, n); // the last slot is kept for OTHERS
        }
        HandoffCounts target = this;
        if (s == from.length) {
            target = new HandoffCounts(Math.min(MAX, from.length * 2));
            System.arraycopy(from, 0, target.from, 0, s);
            System.arraycopy(count, 0, target.count, 0, s);
            target.size = s;
        }
        target.from[s] = index;
        target.count[s] = n;
        target.size = s + 1;
        return target;
    }
}
