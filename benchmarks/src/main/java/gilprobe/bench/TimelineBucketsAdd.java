package gilprobe.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import gilprobe.record.TimelineBuckets;

/**
 * The per-event cost of the whole-run buckets ({@link TimelineBuckets#add}), which the agent calls for every
 * hold, wait and condition wait, partly while the lock is held. Time advances as in a run: 1 µs holds, one
 * every 2 µs ({@code short}), most inside one bucket; 20 µs holds crossing bucket borders ({@code long});
 * the doublings of the width happen as the run's time grows, amortized over the events. {@code baseline} is
 * the same loop without the call: the difference is the buckets' cost per event.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TimelineBucketsAdd {
    private TimelineBuckets buckets;
    private long now;
    private long sink;

    @Setup(Level.Iteration)
    public void setUp() {
        buckets = new TimelineBuckets(0);
        now = 1_000;
    }

    @Benchmark
    public long baseline() {
        long t = now;
        now = t + 2_000;
        sink += t + 1_000;
        return sink;
    }

    @Benchmark
    public void shortHolds() {
        long t = now;
        now = t + 2_000;
        buckets.add(gilprobe.report.model.Timeline.State.HOLD, t, t + 1_000);
    }

    @Benchmark
    public void longHolds() {
        long t = now;
        now = t + 21_000;
        buckets.add(gilprobe.report.model.Timeline.State.HOLD, t, t + 20_000);
    }
}
