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
