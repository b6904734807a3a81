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
 */
public record Timeline(long runStartNanos, long windowStartNanos, int capacity, long droppedEvents,
                       List<Lane> lanes) {
    public Timeline {
        lanes = List.copyOf(lanes);
    }

    /** A thread's intervals in time order. */
    public record Lane(String name, long id, List<Interval> intervals) {
        public Lane {
            intervals = List.copyOf(intervals);
        }
    }

    /**
     * One interval of a lane: {@code state} is {@code "hold"}, {@code "wait"} or {@code "cwait"}
     * (condition wait); start and end are nanoseconds from run start.
     */
    public record Interval(String state, long startNanos, long endNanos) {
    }
}
