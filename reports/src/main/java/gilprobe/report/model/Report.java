package gilprobe.report.model;

import java.util.List;

/**
 * One run's report.
 *
 * @param format        always {@link #FORMAT}
 * @param run           metadata of the profiled run
 * @param locks         the designated locks, in the order given (empty when {@code find=true} ran with no
 *                      designation); each one carries its verdict: a lock given without one gets the verdict computed from this
 *                      report's run and timeline ({@link gilprobe.report.verdict.Verdicts})
 * @param dispatchLoops every bytecode-dispatch loop detected in the target
 * @param timeline      extension: the bounded window of lock events per thread, or {@code null}
 * @param notes         extension: one-line remarks the agent wants a reader to see (instrumentation
 *                      failures, limits hit); never {@code null}
 * @param profile       extension: async-profiler's flame graphs, or {@code null} when profiling was off
 * @param candidates    extension: with {@code find=true}, the locks found, ranked by
 *                      {@link Candidate#blockedNanos()} (largest first); {@code null} when find was off
 * @param jvms          extension: in a report made by {@code merge}, the JVMs whose reports it adds up, one
 *                      each, in the order given; {@code null} in a report of one run
 */
public record Report(String format, Run run, List<LockReport> locks, List<DispatchLoop> dispatchLoops,
                     Timeline timeline, List<String> notes, Profile profile, List<Candidate> candidates,
                     List<Jvm> jvms) {
    public static final String FORMAT = "gilprobe-report/1";

    public Report {
        // the report's timeline is the first lock's: the two are kept the same, whichever was given
        if (!locks.isEmpty()) {
            LockReport first = locks.get(0);
            if (timeline == null) {
                timeline = first.timeline();
            } else if (first.timeline() == null) {
                List<LockReport> copy = new java.util.ArrayList<>(locks);
                copy.set(0, first.withTimeline(timeline));
                locks = copy;
            }
        }
        locks = List.copyOf(LockVerdicts.withVerdicts(run, locks, timeline));
        dispatchLoops = List.copyOf(dispatchLoops);
        notes = notes == null ? List.of() : List.copyOf(notes);
        candidates = candidates == null ? null : List.copyOf(candidates);
        jvms = jvms == null ? null : List.copyOf(jvms);
    }

    /** A report of one run (not merged). */
    public Report(String format, Run run, List<LockReport> locks, List<DispatchLoop> dispatchLoops,
                  Timeline timeline, List<String> notes, Profile profile, List<Candidate> candidates) {
        this(format, run, locks, dispatchLoops, timeline, notes, profile, candidates, null);
    }

    /** A report without candidates (find was off). */
    public Report(String format, Run run, List<LockReport> locks, List<DispatchLoop> dispatchLoops,
                  Timeline timeline, List<String> notes, Profile profile) {
        this(format, run, locks, dispatchLoops, timeline, notes, profile, null, null);
    }

    /** A report without a profile. */
    public Report(String format, Run run, List<LockReport> locks, List<DispatchLoop> dispatchLoops,
                  Timeline timeline, List<String> notes) {
        this(format, run, locks, dispatchLoops, timeline, notes, null, null, null);
    }

    /** This report with {@code p} as its profile. */
    public Report withProfile(Profile p) {
        return new Report(format, run, locks, dispatchLoops, timeline, notes, p, candidates, jvms);
    }

    /** This report with {@code c} as its candidates ({@code find=true}; null: find was off). */
    public Report withCandidates(List<Candidate> c) {
        return new Report(format, run, locks, dispatchLoops, timeline, notes, profile, c, jvms);
    }

    /** This report with {@code j} as its JVMs (a merged report; null: one run). */
    public Report withJvms(List<Jvm> j) {
        return new Report(format, run, locks, dispatchLoops, timeline, notes, profile, candidates, j);
    }
}
