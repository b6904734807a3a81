package gilprobe.samples.minipy;

import java.time.Instant;

/**
 * {@code time.time()}: wall-clock seconds since the epoch, read from the monotonic
 * {@link System#nanoTime()} anchored to the wall clock once, so that differences have
 * nanosecond resolution and never go backwards.
 */
final class Clock {
    private final long anchorNanos = System.nanoTime();
    private final double anchorEpochSeconds;

    Clock() {
        Instant now = Instant.now();
        anchorEpochSeconds = now.getEpochSecond() + now.getNano() / 1e9;
    }

    double time() {
        return anchorEpochSeconds + (System.nanoTime() - anchorNanos) / 1e9;
    }
}
