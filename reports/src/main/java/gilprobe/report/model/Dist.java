package gilprobe.report.model;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;

/**
 * A distribution of nanosecond values (or counts, for ticks per hold) summarised from an HdrHistogram.
 * {@code histogram} is HdrHistogram's compressed encoding in base64, so any HdrHistogram tool can
 * decode it ({@link #decode()}); the other fields are read from that same histogram.
 */
public record Dist(long count, long min, double mean, long p50, long p90, long p99, long p999, long max,
                   String histogram) {

    /** The distribution of no values. */
    public static Dist empty() {
        return of(new Histogram(2));
    }

    /** Summarises {@code h}; an empty histogram gives zeros everywhere. */
    public static Dist of(AbstractHistogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer);
        String encoded = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
        long count = h.getTotalCount();
        if (count == 0) {
            return new Dist(0, 0, 0.0, 0, 0, 0, 0, 0, encoded);
        }
        return new Dist(count, h.getMinValue(), h.getMean(), h.getValueAtPercentile(50.0),
                h.getValueAtPercentile(90.0), h.getValueAtPercentile(99.0), h.getValueAtPercentile(99.9),
                h.getMaxValue(), encoded);
    }

    /** Decodes {@link #histogram()} back into an HdrHistogram. */
    public Histogram decode() {
        try {
            byte[] bytes = Base64.getDecoder().decode(histogram);
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
        } catch (DataFormatException | IllegalArgumentException e) {
            throw new IllegalStateException("histogram field is not a compressed HdrHistogram: " + e.getMessage(), e);
        }
    }
}
