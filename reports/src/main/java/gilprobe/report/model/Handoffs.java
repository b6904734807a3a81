package gilprobe.report.model;

import java.util.List;

/**
 * How the lock passed between threads. Every acquisition after the lock's first one is exactly one
 * of {@code toOtherThread} or {@code selfReacquire}; {@code unfairSelfReacquire} is the part of
 * {@code selfReacquire} taken while at least one other thread was waiting for the lock.
 *
 * @param matrix extension: who handed the lock to whom, one edge per (from, to) pair with a non-zero
 *               count, self re-acquires included as from == to
 */
public record Handoffs(long toOtherThread, long selfReacquire, long unfairSelfReacquire, List<Edge> matrix) {
    public Handoffs {
        matrix = List.copyOf(matrix);
    }

    /** {@code count} acquisitions by thread {@code toId} whose previous holder was thread {@code fromId}. */
    public record Edge(long fromId, long toId, long count) {
    }
}
