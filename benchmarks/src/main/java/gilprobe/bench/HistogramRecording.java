package gilprobe.bench;

import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Why gilprobe's per-thread histograms are plain {@link Histogram}s copied racily at snapshot time, not
 * HdrHistogram's {@link SingleWriterRecorder}: the recorder's writer phaser costs two atomic
 * read-modify-writes per recorded value, and gilprobe records a hold while the lock is still held (every
 * waiting thread pays for it). Same sizes as gilprobe's ({@code 1 ns .. 1 h, 2 digits}); values vary so
 * that the JIT cannot fold the index computation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HistogramRecording {
    private static final long HIGHEST = 3_600_000_000_000L;
    private final Histogram plain = new Histogram(1, HIGHEST, 2);
    private final SingleWriterRecorder recorder = new SingleWriterRecorder(1, HIGHEST, 2);
    private long value = 137;

    private long next() {
        long v = value;
        value = (v * 6364136223846793005L + 1442695040888963407L) & 0xFFFFF; // up to ~1 ms
        return v + 1;
    }

    @Benchmark
    public void plainHistogram() {
        plain.recordValue(next());
    }

    @Benchmark
    public void singleWriterRecorder() {
        recorder.recordValue(next());
    }
}
