package gilprobe.report.model;

import java.util.List;

/**
 * Extension: the lock's recent history per thread, for the report's timeline. The agent keeps a
 * bounded window of the most recent events; {@code droppedEvents} says how many older ones were cut
 * and {@code windowStartNanos} where the kept window begins.
 *
 * @param runStartNanos    {@code System.nanoTime()} at the start of the profiled interval
 * @param windowStartNanos offset from run start of the oldest kept event
 * @param capacity         maximum number of intervals kept (all threads)
 * @param droppedEvents    intervals recorded but no longer kept
 * @param lanes            one lane per thread that used the lock
 * @param buckets          the whole run per thread in time buckets (extension {@code timeline.buckets}); null in
 *                         reports written before it existed
 */
public record Timeline(long runStartNanos, long windowStartNanos, int capacity, long droppedEvents,
                       List<Lane> lanes, Buckets buckets) {
    public Timeline {
        lanes = List.copyOf(lanes);
    }

    /** A timeline without buckets. */
    public Timeline(long runStartNanos, long windowStartNanos, int capacity, long droppedEvents, List<Lane> lanes) {
        this(runStartNanos, windowStartNanos, capacity, droppedEvents, lanes, null);
    }

    /**
     * Each thread's span, from run start: thread id to {first start, last end, 0} of its lane, for a timeline that kept every event; else, when the
     * timeline has whole-run buckets, {start of its first bucket with any state, end of its last (at most the
     * run's end), 1}; else empty. The verdict's spans (and a merged report's, JVM by JVM).
     */
    public java.util.Map<Long, long[]> spans(long duration) {
        java.util.Map<Long, long[]> extents = new java.util.HashMap<>();
        if (droppedEvents != 0) {
            Timeline.Buckets b = buckets;
            if (b != null) {
                for (Timeline.BucketLane lane : b.lanes()) {
                    int[] e = lane.extent();
                    if (e != null) {
                        long start = e[0] * b.bucketNanos();
                        long end = Math.max(start + 1, Math.min(duration, (e[1] + 1) * b.bucketNanos()));
                        extents.put(lane.id(), new long[] {start, end, 1});
                    }
                }
            }
            return extents;
        }
        for (Timeline.Lane lane : lanes) {
            long[] e = lane.extent();
            if (e != null) {
                extents.put(lane.id(), new long[] {e[0], e[1], 0});
            }
        }
        return extents;
    }

    /** This timeline with {@code buckets}. */
    public Timeline withBuckets(Buckets buckets) {
        return new Timeline(runStartNanos, windowStartNanos, capacity, droppedEvents, lanes, buckets);
    }

    /**
     * The whole run per thread in constant memory: bucket {@code i} of a lane covers
     * {@code [startNanos + i * bucketNanos, + bucketNanos)} and holds the nanoseconds the thread spent holding,
     * waiting for and condition-waiting on the lock in it. Every lane has the same number of buckets; the
     * last ones after the run's end are cut. A lane's sums are its thread's totals.
     *
     * @param startNanos  {@code System.nanoTime()} at the run's start (the same as {@link #runStartNanos})
     * @param bucketNanos the width of every bucket, in nanoseconds
     * @param lanes       one per thread with a timeline lane
     */
    public record Buckets(long startNanos, long bucketNanos, List<BucketLane> lanes) {
        public Buckets {
            lanes = List.copyOf(lanes);
        }

        /** Number of buckets (of the first lane; all have the same). */
        public int size() {
            return lanes.isEmpty() ? 0 : lanes.get(0).held().length;
        }
    }

    /** One thread's buckets: nanoseconds held, waiting and in condition wait per bucket (arrays of one length). */
    public record BucketLane(long id, String name, long[] held, long[] waiting, long[] conditionWait) {
        public BucketLane {
            if (held.length != waiting.length || held.length != conditionWait.length) {
                throw new IllegalArgumentException("held, waiting and conditionWait differ in length");
            }
        }

        /** Equal when ids, names and every bucket are (arrays compared by content). */
        @Override
        public boolean equals(Object o) {
            return o instanceof BucketLane b && b.id == id && java.util.Objects.equals(b.name, name)
                    && java.util.Arrays.equals(b.held, held) && java.util.Arrays.equals(b.waiting, waiting)
                    && java.util.Arrays.equals(b.conditionWait, conditionWait);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(id, name, java.util.Arrays.hashCode(held), java.util.Arrays.hashCode(waiting),
                    java.util.Arrays.hashCode(conditionWait));
        }

        @Override
        public String toString() {
            return "BucketLane[id=" + id + ", name=" + name + ", buckets=" + held.length + ", held=" + heldNanos()
                    + ", waiting=" + waitNanos() + ", conditionWait=" + conditionWaitNanos() + "]";
        }

        /**
         * The first and last bucket with any state (hold, wait or condition wait), or null when there is none:
         * the thread's span in the buckets.
         */
        public int[] extent() {
            int first = -1;
            int last = -1;
            for (int i = 0; i < held.length; i++) {
                if (held[i] != 0 || waiting[i] != 0 || conditionWait[i] != 0) {
                    if (first < 0) {
                        first = i;
                    }
                    last = i;
                }
            }
            return first < 0 ? null : new int[] {first, last};
        }

        private static long sum(long[] a) {
            long s = 0;
            for (long v : a) {
                s += v;
            }
            return s;
        }

        public long heldNanos() {
            return sum(held);
        }

        public long waitNanos() {
            return sum(waiting);
        }

        public long conditionWaitNanos() {
            return sum(conditionWait);
        }
    }

    /** A thread's intervals in time order. */
    public record Lane(String name, long id, List<Interval> intervals) {
        public Lane {
            intervals = List.copyOf(intervals);
        }

        /** {first interval's start, last interval's end} of this lane, or null when it has none. */
        public long[] extent() {
            if (intervals.isEmpty()) {
                return null;
            }
            long start = Long.MAX_VALUE;
            long end = Long.MIN_VALUE;
            for (Interval in : intervals) {
                start = Math.min(start, in.startNanos());
                end = Math.max(end, in.endNanos());
            }
            return new long[] {start, end};
        }
    }

    /**
     * What a thread was doing with the lock: the one representation from the agent's timeline buffers
     * (which store its ordinal) through the profile's attribution to the JSON (its {@link #code}) and the page.
     */
    public enum State {
        /** Holding the lock. */
        HOLD("hold", 'h'),
        /** Waiting to acquire it. */
        WAIT("wait", 'w'),
        /** In {@code wait()}/{@code await()} on it (condition wait). */
        CONDITION_WAIT("cwait", 'c');

        private static final State[] VALUES = values();
        /** Its name in text (tooltips, messages). */
        public final String label;
        /** Its one-character code in the JSON's {@code states} column. */
        public final char code;

        State(String label, char code) {
            this.label = label;
            this.code = code;
        }

        /** The state of this ordinal (as the agent's buffers store it). */
        public static State ofOrdinal(int ordinal) {
            return VALUES[ordinal];
        }

        /** The state of this JSON code, or null. */
        public static State ofCode(char code) {
            for (State s : VALUES) {
                if (s.code == code) {
                    return s;
                }
            }
            return null;
        }
    }

    /** One interval of a lane; start and end are nanoseconds from run start. */
    public record Interval(State state, long startNanos, long endNanos) {
    }
}
