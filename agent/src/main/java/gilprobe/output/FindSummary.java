package gilprobe.output;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import gilprobe.report.model.Candidate;
import gilprobe.report.model.Report;

/**
 * The lines {@code find=true} prints on stderr at the end of a recording: the top candidates, one line each,
 * with the option that designates each (to paste into the next run), e.g.
 * <pre>
 * gilprobe: find: 1. monitor=a.B.LOCK  blocked 3.2 s, waited by 4 threads, 20000 acquisitions, utilization 96%
 * </pre>
 */
public final class FindSummary {
    /** Candidates printed at most. */
    public static final int TOP = 5;

    private FindSummary() {
    }

    /** The lines for {@code report}; none when find was off. */
    public static List<String> lines(Report report) {
        List<String> out = new ArrayList<>();
        List<Candidate> candidates = report.candidates();
        if (candidates == null) {
            return out;
        }
        if (candidates.isEmpty()) {
            out.add("gilprobe: find: instrumented code took no monitor or Lock");
            return out;
        }
        for (int i = 0; i < Math.min(TOP, candidates.size()); i++) {
            out.add("gilprobe: find: " + (i + 1) + ". " + describe(candidates.get(i)));
        }
        if (candidates.size() > TOP) {
            out.add("gilprobe: find: " + (candidates.size() - TOP) + " more in the report's candidates");
        }
        return out;
    }

    /**
     * The interval line of {@code find=true} with nothing designated: the top candidate so far (since the
     * recording started), e.g. {@code find so far: 1. monitor=a.B.LOCK  blocked 3.2 s, ... (12 candidates)}.
     */
    public static String soFar(Report report) {
        List<Candidate> candidates = report.candidates();
        if (candidates == null || candidates.isEmpty()) {
            return "find so far: instrumented code took no monitor or Lock";
        }
        return "find so far: 1. " + describe(candidates.get(0)) + " (" + candidates.size()
                + (candidates.size() == 1 ? " candidate)" : " candidates)");
    }

    /** A candidate's option (or why there is none) and its numbers, as the lines print it. */
    private static String describe(Candidate c) {
        String what = c.spec().isEmpty() ? "(no option designates it: " + c.name() + ")" : c.spec();
        return what + "  blocked " + duration(c.blockedNanos())
                + ", waited by " + c.blockedThreads() + (c.blockedThreads() == 1 ? " thread, " : " threads, ")
                + c.acquisitions() + (c.acquisitions() == 1 ? " acquisition" : " acquisitions")
                + ", utilization " + percent(c.utilization());
    }

    /** Nanoseconds in the largest unit that keeps a digit before the point: "3.2 s", "41 ms", "999 us", "0 s". */
    static String duration(long nanos) {
        if (nanos == 0) {
            return "0 s";
        }
        String[] units = {"ns", "us", "ms", "s"};
        double v = nanos;
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, v >= 10 || u == 0 ? "%.0f" : "%.1f", v) + " " + units[u];
    }

    static String percent(double f) {
        double p = f * 100;
        return p >= 10 ? String.format(Locale.ROOT, "%.0f%%", p) : String.format(Locale.ROOT, "%.1f%%", p);
    }
}
