package gilprobe.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import gilprobe.report.model.Candidate;
import gilprobe.report.model.Report;
import gilprobe.report.model.Run;

/** The stderr lines of find=true: the top 5, each with its spec, in the report's order. */
class FindSummaryTest {
    private static Report report(List<Candidate> candidates) {
        Run run = new Run(0, 10_000_000_000L, 2, "17", 1, "find=true", "", "");
        return new Report(Report.FORMAT, run, List.of(), List.of(), null, List.of(), null, candidates);
    }

    private static Candidate candidate(String spec, String name, long blocked, int blockedThreads, long acquisitions,
                                       double utilization) {
        return new Candidate(spec, "monitor", name, acquisitions, 0, 0, blocked, 0, blocked, utilization, 4,
                blockedThreads, 1, "");
    }

    @Test
    void theTopFiveOneLineEach() {
        List<Candidate> c = new ArrayList<>();
        c.add(candidate("monitor=a.B.LOCK", "field a.B.LOCK (1 object)", 3_200_000_000L, 4, 20000, 0.96));
        c.add(candidate("", "a.C objects (12 objects), most requested at synchronized method a.C.put:40", 99_960_000L, 1, 1, 0.004));
        c.add(candidate("lock=a.D.lock", "field a.D.lock (1 object)", 999_000, 2, 7, 0.5));
        c.add(candidate("monitor=a.E", "Class object a.E", 41, 1, 2, 0));
        c.add(candidate("monitor=a.F.f", "field a.F.f (1 object)", 0, 0, 1, 0.0));
        c.add(candidate("monitor=a.G.g", "field a.G.g (1 object)", 0, 0, 1, 0.0));
        c.add(candidate("monitor=a.H.h", "field a.H.h (1 object)", 0, 0, 1, 0.0));
        assertEquals(List.of(
                "gilprobe: find: 1. monitor=a.B.LOCK  blocked 3.2 s, waited by 4 threads, 20000 acquisitions, utilization 96%",
                "gilprobe: find: 2. (no option designates it: a.C objects (12 objects), most requested at synchronized method"
                        + " a.C.put:40)  blocked 100 ms, waited by 1 thread, 1 acquisition, utilization 0.4%",
                "gilprobe: find: 3. lock=a.D.lock  blocked 999 us, waited by 2 threads, 7 acquisitions, utilization 50%",
                "gilprobe: find: 4. monitor=a.E  blocked 41 ns, waited by 1 thread, 2 acquisitions, utilization 0.0%",
                "gilprobe: find: 5. monitor=a.F.f  blocked 0 s, waited by 0 threads, 1 acquisition, utilization 0.0%",
                "gilprobe: find: 2 more in the report's candidates"), FindSummary.lines(report(c)));
        assertEquals("find so far: 1. monitor=a.B.LOCK  blocked 3.2 s, waited by 4 threads, 20000 acquisitions,"
                + " utilization 96% (7 candidates)", FindSummary.soFar(report(c)), "the interval line of find=true alone");
        assertEquals("find so far: 1. monitor=a.B.LOCK  blocked 3.2 s, waited by 4 threads, 20000 acquisitions,"
                + " utilization 96% (1 candidate)", FindSummary.soFar(report(c.subList(0, 1))));
    }

    @Test
    void nothingFoundAndFindOff() {
        assertEquals(List.of("gilprobe: find: instrumented code took no monitor or Lock"), FindSummary.lines(report(List.of())));
        assertEquals(List.of(), FindSummary.lines(report(null)));
        assertEquals("find so far: instrumented code took no monitor or Lock", FindSummary.soFar(report(List.of())));
    }
}
