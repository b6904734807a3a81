package gilprobe.report.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import gilprobe.report.verdict.VerdictInput;
import gilprobe.report.verdict.Verdicts;

/**
 * A run's locks as verdict inputs: the lock's totals and each thread's, over the run's duration, and the
 * threads' spans from the timeline. A thread's span is from the start of its lane's first interval to the end
 * of its last when the timeline kept every event of the run ({@code droppedEvents == 0}); otherwise, and
 * when the timeline has whole-run buckets ({@code timeline.buckets}), from the start of the thread's first bucket with
 * any state to the end of its last (at most the run's end); for a thread without either, it is the run's duration
 * ({@link VerdictInput.SpanSource}), its start unknown (so the what-if counts the whole run as the lock's period). The timeline is
 * the first lock's (the agent records one), so only {@code locks[0]} takes spans from it.
 */
final class LockVerdicts {
    private LockVerdicts() {
    }

    /** {@code locks}, each with a verdict: its own when it has one, else the one computed here. */
    static List<LockReport> withVerdicts(Run run, List<LockReport> locks, Timeline timeline) {
        if (run == null) {
            return locks;
        }
        List<LockReport> out = null;
        for (int i = 0; i < locks.size(); i++) {
            LockReport lock = locks.get(i);
            if (lock.verdict() != null) {
                continue;
            }
            if (out == null) {
                out = new ArrayList<>(locks);
            }
            // each lock's spans come from its own timeline; the report's is the first lock's
            Timeline own = lock.timeline() != null ? lock.timeline() : i == 0 ? timeline : null;
            out.set(i, lock.withVerdict(Verdicts.of(input(run, lock, own == null ? Map.of() : own.spans(run.durationNanos()), phases(own)))));
        }
        return out == null ? locks : out;
    }

    /** The timeline's whole-run buckets as the what-if's phases, or null without buckets. */
    private static VerdictInput.Phases phases(Timeline timeline) {
        Timeline.Buckets b = timeline == null ? null : timeline.buckets();
        if (b == null || b.bucketNanos() <= 0 || b.lanes().isEmpty()) {
            return null;
        }
        Map<Long, long[]> held = new HashMap<>();
        Map<Long, long[]> waiting = new HashMap<>();
        Map<Long, long[]> conditionWait = new HashMap<>();
        for (Timeline.BucketLane lane : b.lanes()) {
            held.put(lane.id(), lane.held());
            waiting.put(lane.id(), lane.waiting());
            conditionWait.put(lane.id(), lane.conditionWait());
        }
        return new VerdictInput.Phases(b.bucketNanos(), held, waiting, conditionWait);
    }

    private static VerdictInput input(Run run, LockReport lock, Map<Long, long[]> extents, VerdictInput.Phases phases) {
        List<VerdictInput.ThreadInput> threads = new ArrayList<>(lock.threads().size());
        for (ThreadReport t : lock.threads()) {
            threads.add(t.verdictInput(t.id(), t.name(), extents.get(t.id()), run.durationNanos(), true));
        }
        Handoffs h = lock.handoffs() == null ? new Handoffs(0, 0, 0, List.of()) : lock.handoffs();
        return new VerdictInput(lock.spec(), lock.acquired() && lock.acquisitions() > 0, !lock.suggestions().isEmpty(),
                run.durationNanos(), run.availableProcessors(), lock.instances(), lock.acquisitions(),
                lock.contendedAcquisitions(), lock.heldNanos(), h.toOtherThread(), h.selfReacquire(),
                h.unfairSelfReacquire(), threads, phases);
    }

}
