package gilprobe.report.html;

import java.io.IOException;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import com.fasterxml.jackson.core.JsonGenerator;

import gilprobe.report.model.Dist;

/**
 * A distribution as the points of HdrHistogram's percentile distribution ({@code
 * outputPercentileDistribution} with 5 ticks per half distance): {@code [percentile, value]} pairs,
 * percentile in 0..100, value the (highest equivalent) value iterated to. The page plots
 * them on HdrHistogram's axes (x = 1/(1 - percentile/100), both axes logarithmic) without having to
 * inflate the compressed histogram in JavaScript.
 */
final class PercentileSeries {
    static final int TICKS_PER_HALF_DISTANCE = 5;

    private PercentileSeries() {
    }

    /** Writes the series of {@code dist} as an array of pairs; {@code null} for a missing or empty one. */
    static void write(JsonGenerator g, Dist dist) throws IOException {
        if (dist == null || dist.count() == 0) {
            g.writeNull();
            return;
        }
        Histogram h = dist.decode();
        g.writeStartArray();
        double lastPercentile = -1;
        for (HistogramIterationValue v : h.percentiles(TICKS_PER_HALF_DISTANCE)) {
            double percentile = v.getPercentileLevelIteratedTo();
            if (percentile == lastPercentile) {
                continue; // the iteration repeats the 100% point
            }
            lastPercentile = percentile;
            g.writeStartArray();
            g.writeNumber(percentile);
            g.writeNumber(v.getValueIteratedTo());
            g.writeEndArray();
        }
        g.writeEndArray();
    }
}
