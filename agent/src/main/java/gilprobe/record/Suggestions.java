package gilprobe.record;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import gilprobe.report.model.LockReport;

/**
 * Which monitors the target uses, so that a report whose designated lock was never acquired can say what
 * to designate instead. Every instrumented {@code monitorenter} and synchronized method is a <em>site</em>
 * with a static description of its monitor (a field, a class, or {@code this} of a class). With
 * {@code find=true} the requests on a {@code Lock} are sites too ({@code lock=a.B.f} or none), registered here
 * for {@link Candidates}, which names its groups from them; they are never counted as suggestions.
 *
 * <p>Counting costs a racy, unsynchronised increment per monitor entry, and only until the designated lock
 * is acquired for the first time ({@link #counting} then turns false); the counts only rank suggestions.
 */
public final class Suggestions {
    /** True until the designated lock's first acquisition. */
    public static volatile boolean counting = true;

    private static final List<String[]> SITES = new ArrayList<>();
    private static volatile long[] hits = new long[1024];

    private Suggestions() {
    }

    /**
     * Registers a site. {@code option} is the value that would designate its monitor ({@code monitor=a.B.f},
     * {@code monitor=a.B}) or "" when the monitor is not named by a field or class ({@code this}, a local);
     * {@code site} says where it is, e.g. {@code a.B.run (synchronized (this), a.B)}.
     */
    public static synchronized int register(String option, String site) {
        SITES.add(new String[] {option, site});
        int id = SITES.size() - 1;
        if (id >= hits.length) {
            hits = java.util.Arrays.copyOf(hits, hits.length * 2);
        }
        return id;
    }

    /** The option that would designate the monitor or lock of {@code site} ("" when none can), or "". */
    public static synchronized String option(int site) {
        return site >= 0 && site < SITES.size() ? SITES.get(site)[0] : "";
    }

    /** Where {@code site} is, in words (e.g. {@code synchronized block a.B.run:12}), or "". */
    public static synchronized String where(int site) {
        return site >= 0 && site < SITES.size() ? SITES.get(site)[1] : "";
    }

    /** Zeroes the counts, for a new recording ({@link Recording#start}); sites stay registered. */
    static synchronized void reset() {
        hits = new long[hits.length];
        counting = true;
    }

    /** One entry of a non-designated monitor at {@code site}. */
    public static void hit(int site) {
        long[] h = hits;
        if (site >= 0 && site < h.length) {
            h[site]++;
        }
    }

    /** The {@code limit} most-used monitors, sites with the same option merged. */
    public static synchronized List<LockReport.Suggestion> top(int limit) {
        long[] h = hits;
        Map<String, long[]> byKey = new LinkedHashMap<>();
        Map<String, String[]> first = new LinkedHashMap<>();
        for (int i = 0; i < SITES.size(); i++) {
            long n = i < h.length ? h[i] : 0;
            if (n == 0) {
                continue;
            }
            String[] s = SITES.get(i);
            String key = s[0].isEmpty() ? s[1] : s[0];
            byKey.computeIfAbsent(key, k -> new long[1])[0] += n;
            first.putIfAbsent(key, s);
        }
        List<LockReport.Suggestion> out = new ArrayList<>();
        byKey.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                .limit(limit)
                .forEach(e -> {
                    String[] s = first.get(e.getKey());
                    out.add(new LockReport.Suggestion(s[0], s[1], e.getValue()[0]));
                });
        return out;
    }
}
