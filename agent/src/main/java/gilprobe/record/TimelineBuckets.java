package gilprobe.record;

import gilprobe.report.model.Timeline;

/**
 * A thread's whole run with one lock in constant memory: {@value #BUCKETS} time buckets per state (hold,
 * wait, condition wait), each the nanoseconds the thread spent in that state inside the bucket. Bucket
 * {@code i} covers {@code [origin + i * 2^shift, origin + (i + 1) * 2^shift)}, {@code origin} the run's start.
 * When an interval ends beyond the last bucket, the owner thread doubles the width: adjacent buckets are
 * added pairwise into the first half and the second half is cleared, so sums stay exact and the buckets
 * always cover the run from its start. An interval over several buckets is split exactly across them.
 *
 * <p><b>Hot path.</b> {@link #add} is called by the owning thread in {@link LockUse} (partly while it holds
 * the lock): for an interval inside one bucket it is two subtractions, two shifts, a compare and an add
 * (no division, no allocation after the first call, no fence). Doubling happens at most about 40 times in
 * a run (the width starts at {@value #INITIAL_SHIFT} bits of nanoseconds).
 *
 * <p><b>Readers</b> ({@link #copy}) copy racily, like {@link TimelineBuffer}: events in flight may be missed;
 * a doubling in progress is detected by {@link #version} (odd while it runs) and the copy retried.
 */
public final class TimelineBuckets {
    /** log2 of the number of buckets. */
    static final int LOG_BUCKETS = 12;
    /** Buckets per state. */
    public static final int BUCKETS = 1 << LOG_BUCKETS;
    /** Initial width: 2^14 ns = 16.4 µs, so the first 67 ms are seen that finely. */
    static final int INITIAL_SHIFT = 14;
    /** States, in {@link gilprobe.report.model.Timeline.State} ordinal order: hold, wait, condition wait. */
    static final int STATES = 3;

    private final long origin;
    /** [state * BUCKETS + bucket], allocated on the first interval. */
    private long[] nanos;
    /** log2 of the bucket width in nanoseconds; written by the owner only, inside a doubling. */
    private int shift = INITIAL_SHIFT;
    /** Odd while the owner doubles the width; readers compare it before and after their copy. */
    private volatile int version;

    /** Buckets starting at {@code origin} ({@code System.nanoTime()} of the run's start). */
    public TimelineBuckets(long origin) {
        this.origin = origin;
    }

    /**
     * Adds the interval {@code [start, end)} (clock readings) in state {@code state}. A part before the origin (not expected: every
     * clock reading is taken after the recording started) is counted in bucket 0, so the sums stay exact.
     */
    public void add(Timeline.State state, long start, long end) {
        long s = start - origin;
        long e = end - origin;
        if (e <= s) {
            return;
        }
        long[] a = nanos;
        if (a == null) {
            a = new long[STATES << LOG_BUCKETS];
            nanos = a;
        }
        int base = state.ordinal() << LOG_BUCKETS;
        if (s < 0) {
            if (e <= 0) {
                a[base] += e - s;
                return;
            }
            a[base] -= s;
            s = 0;
        }
        int sh = shift;
        long last = (e - 1) >>> sh;
        if (last >= BUCKETS) {
            sh = grow(a, last);
            last = (e - 1) >>> sh;
        }
        long first = s >>> sh;
        if (first == last) {
            a[base + (int) last] += e - s;
        } else {
            spread(a, base, sh, s, e, (int) first, (int) last);
        }
    }

    /** An interval over buckets {@code first..last}: the two partial ends and the full buckets between. */
    private static void spread(long[] a, int base, int sh, long s, long e, int first, int last) {
        long width = 1L << sh;
        a[base + first] += ((long) (first + 1) << sh) - s;
        for (int i = first + 1; i < last; i++) {
            a[base + i] += width;
        }
        a[base + last] += e - ((long) last << sh);
    }

    /** Doubles the width until bucket {@code last} (at the current width) fits; returns the new shift. */
    private int grow(long[] a, long last) {
        int sh = shift;
        int v = version;
        version = v + 1; // odd: a reader's copy made now is retried
        while (last >= BUCKETS) {
            for (int st = 0; st < STATES; st++) {
                int base = st << LOG_BUCKETS;
                for (int i = 0; i < BUCKETS / 2; i++) {
                    a[base + i] = a[base + 2 * i] + a[base + 2 * i + 1];
                }
                java.util.Arrays.fill(a, base + BUCKETS / 2, base + BUCKETS, 0L);
            }
            sh++;
            last >>>= 1;
        }
        shift = sh;
        version = v + 2;
        return sh;
    }

    /** Whether any interval was added. */
    boolean isEmpty() {
        return nanos == null;
    }

    /**
     * Copies the buckets into {@code out} (length {@code 3 * BUCKETS}, [state * BUCKETS + bucket]) and
     * returns their shift (log2 of the width in ns), or -1 when nothing was added. Racy: the owner may add
     * meanwhile; a copy that overlapped a doubling is retried (a few times; then the last copy is kept).
     */
    int copy(long[] out) {
        int sh = -1;
        for (int attempt = 0; attempt < 100; attempt++) {
            int v = version;
            if ((v & 1) != 0) {
                Thread.onSpinWait();
                continue;
            }
            long[] a = nanos;
            if (a == null) {
                return -1;
            }
            sh = shift;
            System.arraycopy(a, 0, out, 0, a.length);
            if (version == v) {
                return sh;
            }
        }
        return nanos == null ? -1 : sh < 0 ? shift : sh;
    }

    /**
     * Rescales a copy made with width {@code 2^from} to width {@code 2^to} (to ≥ from) in place: bucket i
     * becomes the sum of buckets {@code i * 2^(to-from) ...}; the rest is cleared.
     */
    static void rescale(long[] buckets, int from, int to) {
        int k = to - from;
        if (k <= 0) {
            return;
        }
        for (int st = 0; st < STATES; st++) {
            int base = st << LOG_BUCKETS;
            for (int i = 0; i < BUCKETS; i++) {
                long sum = 0;
                if (k < LOG_BUCKETS + 1) {
                    int lo = i << k;
                    if (lo < BUCKETS) {
                        int hi = Math.min(BUCKETS, lo + (1 << k));
                        for (int j = lo; j < hi; j++) {
                            sum += buckets[base + j];
                        }
                    }
                } else if (i == 0) {
                    for (int j = 0; j < BUCKETS; j++) {
                        sum += buckets[base + j];
                    }
                }
                buckets[base + i] = sum;
            }
        }
    }
}
