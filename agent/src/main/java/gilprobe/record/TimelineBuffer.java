package gilprobe.record;

import gilprobe.report.model.Timeline;

/**
 * A thread's most recent lock intervals (hold, wait, condition wait) for the report's timeline: a ring
 * of fixed capacity, allocated on the first interval, overwritten oldest first. Single writer (the
 * owning thread); readers copy racily and drop a slot that is being overwritten.
 */
public final class TimelineBuffer {

    private final int capacity;
    private long[] starts;
    private long[] ends;
    private byte[] states;
    /**
     * Intervals ever added; slot of interval i is i % capacity. Published with a release store (lazySet:
     * a plain store on x86, no fence) after the slot is written; read with a volatile load. A field
     * updater, not a VarHandle: no method handles are spun when the first thread records.
     */
    private volatile long added;
    private static final java.util.concurrent.atomic.AtomicLongFieldUpdater<TimelineBuffer> ADDED =
            java.util.concurrent.atomic.AtomicLongFieldUpdater.newUpdater(TimelineBuffer.class, "added");
    /** The writer's next slot (== added % capacity), kept so that add() needs no division. */
    private int next;

    TimelineBuffer(int capacity) {
        this.capacity = capacity;
    }

    /** Adds an interval; its state is stored as the ordinal of {@link Timeline.State} (one byte). */
    void add(Timeline.State state, long start, long end) {
        if (starts == null) {
            starts = new long[capacity];
            ends = new long[capacity];
            states = new byte[capacity];
        }
        int slot = next;
        starts[slot] = start;
        ends[slot] = end;
        states[slot] = (byte) state.ordinal();
        next = slot + 1 == capacity ? 0 : slot + 1;
        ADDED.lazySet(this, added + 1);
    }

    long added() {
        return added;
    }

    int capacity() {
        return capacity;
    }

    /** Copies the kept intervals, oldest first. Returns the number copied into the three arrays. */
    int copy(long[] outStarts, long[] outEnds, byte[] outStates) {
        long n = added();
        if (starts == null || n == 0) {
            return 0;
        }
        long first = Math.max(0, n - capacity);
        int count = 0;
        for (long i = first; i < n; i++) {
            int slot = (int) (i % capacity);
            outStarts[count] = starts[slot];
            outEnds[count] = ends[slot];
            outStates[count] = states[slot];
            count++;
        }
        // the writer may have overwritten the oldest slots while we copied: drop them
        long overwritten = added() - n;
        if (overwritten > 0) {
            int skip = (int) Math.min(count, overwritten);
            System.arraycopy(outStarts, skip, outStarts, 0, count - skip);
            System.arraycopy(outEnds, skip, outEnds, 0, count - skip);
            System.arraycopy(outStates, skip, outStates, 0, count - skip);
            count -= skip;
        }
        return count;
    }
}
