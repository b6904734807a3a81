package gilprobe.report.model;

import java.util.List;

/**
 * One run's report.
 *
 * @param format        always {@link #FORMAT}
 * @param run           metadata of the profiled run
 * @param locks         the designated lock (one entry today; a list so the format can grow)
 * @param dispatchLoops every bytecode-dispatch loop detected in the target
 * @param timeline      extension: the bounded window of lock events per thread, or {@code null}
 * @param notes         extension: one-line remarks the agent wants a reader to see (instrumentation
 *                      failures, limits hit); never {@code null}
 */
public record Report(String format, Run run, List<LockReport> locks, List<DispatchLoop> dispatchLoops,
                     Timeline timeline, List<String> notes) {
    public static final String FORMAT = "gilprobe-report/1";

    public Report {
        locks = List.copyOf(locks);
        dispatchLoops = List.copyOf(dispatchLoops);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }
}
