package gilprobe.record;

import java.nio.ByteBuffer;

import org.HdrHistogram.Histogram;

/** How gilprobe sizes its histograms, and how it snapshots one that its writer may still be updating. */
public final class Histograms {
    /** Largest nanosecond value tracked exactly: one hour. Larger values are recorded as this. */
    public static final long HIGHEST_NANOS = 3_600_000_000_000L;
    /** Largest tick count per hold tracked exactly. */
    public static final long HIGHEST_TICKS = 1_000_000_000_000L;
    /**
     * Two significant digits: values are kept within 1% (HdrHistogram rounds to 1/128 of a power of two),
     * at 37,376 bytes per nanosecond histogram and 35,328 per tick histogram (HdrHistogram 2.2.2's
     * getEstimatedFootprintInBytes()); three digits would cost about 7 times as much per thread (270,848 bytes).
     */
    public static final int SIGNIFICANT_DIGITS = 2;

    private Histograms() {
    }

    public static Histogram newNanos() {
        return new Histogram(1, HIGHEST_NANOS, SIGNIFICANT_DIGITS);
    }

    public static Histogram newTicks() {
        return new Histogram(1, HIGHEST_TICKS, SIGNIFICANT_DIGITS);
    }

    /**
     * For a candidate of {@code find=true}, whose report carries counts only: values within a factor of 2
     * (no significant digit), a few hundred bytes instead of 37 KiB, so that up to 64 candidate groups per
     * thread stay small. Recording into it costs what recording into a full one does (no branch is added).
     */
    static Histogram coarse(long highest) {
        return new Histogram(1, highest, 0);
    }

    /**
     * A consistent copy of {@code live}, which its single writer may be recording into right now.
     *
     * <p>Why not HdrHistogram's {@code SingleWriterRecorder}, which exists for this: its writer phaser
     * makes two atomic read-modify-writes per recorded value, and gilprobe records a hold before the lock
     * is free for the next thread, so every waiting thread would pay for them. Measured with JMH
     * ({@code benchmarks: HistogramRecording}, this 2-core VM): 2.9 ns per plain {@code recordValue}
     * against 14.2 ns through the recorder, about 11 ns more per value and three values per hold cycle
     * (hold, wait, ticks per hold): more than one more clock read. A racy copy at snapshot time costs the
     * reader, never the target.
     * Encoding reads the counts array once; decoding recomputes the total from those counts, so the copy
     * is internally consistent (it may miss values recorded during the copy).
     */
    public static Histogram snapshot(Histogram live) {
        if (live == null) {
            return null;
        }
        try {
            ByteBuffer buffer = ByteBuffer.allocate(live.getNeededByteBufferCapacity());
            live.encodeIntoByteBuffer(buffer);
            buffer.flip();
            return Histogram.decodeFromByteBuffer(buffer, 0);
        } catch (RuntimeException e) {
            // A torn read of the max value can make the encoder overrun; fall back to a plain copy.
            return live.copy();
        }
    }

    /** Values above the tracked range are clamped to it; negative ones (impossible with nanoTime) to 0. */
    static long clamp(long value, long highest) {
        return value < 0 ? 0 : Math.min(value, highest);
    }
}
