package gilprobe.samples.minipy;

import gilprobe.samples.minipy.gil.GilPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The programs in minipy/programs run and print their parseable lines (small sizes here). */
@Timeout(60)
class ShippedProgramsTest {

    private static MinipyRunner.Result run(GilPolicy policy, String program, String... args) throws IOException {
        Minipy.Source source = Minipy.load("@" + program);
        Options options = Options.defaults("@" + program, List.of(args)).withGil(policy);
        MinipyRunner.Result r = MinipyRunner.run(options, source.text());
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        return r;
    }

    @ParameterizedTest
    @EnumSource(GilPolicy.class)
    void countdowns(GilPolicy policy) throws IOException {
        assertTrue(run(policy, "countdown_seq", "10000").out()
                .matches("countdown_seq: n=10000 runs=2 elapsed_s=\\d+\\.\\d+\n"));
        assertTrue(run(policy, "countdown_threads", "10000").out()
                .matches("countdown_threads: n=10000 threads=2 per_thread=10000 elapsed_s=\\d+\\.\\d+\n"));
        assertTrue(run(policy, "countdown_threads", "10000", "4").out()
                .matches("countdown_threads: n=10000 threads=4 per_thread=5000 elapsed_s=\\d+\\.\\d+\n"));
        assertTrue(run(policy, "countdown_part", "10000").out()
                .matches("countdown_part: n=10000 runs=1 elapsed_s=\\d+\\.\\d+\n"));
    }

    private static final String IO_LINE = "io: mode=%s n=20 delay_ms=0.5 p50_ms=[\\d.]+ p90_ms=[\\d.]+ p99_ms=[\\d.]+"
            + " max_ms=[\\d.]+ elapsed_s=[\\d.]+\n";

    @ParameterizedTest
    @EnumSource(GilPolicy.class)
    void cpuVersusIo(GilPolicy policy) throws IOException {
        assertTrue(run(policy, "cpu_vs_io", "io", "20", "0.5").out().matches(IO_LINE.formatted("io")));
        String both = run(policy, "cpu_vs_io", "both", "20", "0.5").out();
        assertTrue(both.matches(IO_LINE.formatted("both") + "cpu: iterations=\\d+\n"), both);
    }

    @Test
    void cpuVersusIoRejectsAnUnknownMode() throws IOException {
        Minipy.Source source = Minipy.load("@cpu_vs_io");
        MinipyRunner.Result r = MinipyRunner.run(Options.defaults("@cpu_vs_io", List.of("sideways")), source.text());
        assertEquals(2, r.status());
        assertEquals("usage: cpu_vs_io.py [both|io] [K] [D]\n", r.out());
    }

    @Test
    void unknownBuiltinProgram() {
        try {
            Minipy.load("@nope");
        } catch (IOException e) {
            assertTrue(e.getMessage().contains("no built-in program 'nope'"), e.getMessage());
            return;
        }
        throw new AssertionError("no exception");
    }
}
