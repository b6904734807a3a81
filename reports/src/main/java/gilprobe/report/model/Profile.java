package gilprobe.report.model;

import java.util.List;

/**
 * Extension: call stacks sampled by async-profiler during the run, as flame graphs.
 *
 * @param event         the sampling event that ran ({@code cpu}, {@code itimer}), or the one asked for
 *                      when profiling could not start
 * @param intervalNanos sampling interval
 * @param status        {@code "ok"}, or one line saying why there are no (or fewer) graphs
 * @param notes         one-line remarks: fallbacks taken, samples that could not be attributed
 * @param graphs        the flame graphs, see {@link FlameGraph#kind()}
 */
public record Profile(String event, long intervalNanos, String status, List<String> notes, List<FlameGraph> graphs) {
    public Profile {
        notes = notes == null ? List.of() : List.copyOf(notes);
        graphs = graphs == null ? List.of() : List.copyOf(graphs);
    }

    /** True when the profiler ran and its samples are in {@link #graphs}. */
    public boolean ok() {
        return "ok".equals(status);
    }

    /**
     * One flame graph: the merged call stacks of a set of samples.
     *
     * @param kind    {@code wait} (wall-clock samples of threads waiting for the designated lock),
     *                {@code held} (CPU samples of threads holding it), {@code free} (CPU samples of
     *                threads not holding it), {@code unknown} (CPU samples whose lock state is not known)
     * @param title   what a reader sees above the graph
     * @param samples samples in the graph (= {@code root.total})
     * @param root    the root frame ({@code "all"}), whose children are the outermost frames
     * @param lock    extension: the index in {@code locks[]} of the lock the graph is split by (0 for the
     *                first or only lock); a run with several locks has the four graphs for each
     */
    public record FlameGraph(String kind, String title, long samples, Frame root, int lock) {
        /** A graph of the first (or only) designated lock. */
        public FlameGraph(String kind, String title, long samples, Frame root) {
            this(kind, title, samples, root, 0);
        }
    }

    /**
     * A frame of a flame graph: {@code total} samples passed through it; its callees are
     * {@code children}, largest first. Callees below the graph's pruning threshold are left out, so a
     * frame's children may sum to less than its total minus its own samples.
     */
    public record Frame(String name, long total, List<Frame> children) {
        public Frame {
            children = children == null ? List.of() : List.copyOf(children);
        }
    }
}
